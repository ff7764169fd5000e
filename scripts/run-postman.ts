/**
 * Runs the Postman collection with newman against a real server on a real
 * PostgreSQL. With BASE_URL it targets that server; otherwise it starts one on a
 * fresh database (see scripts/lib/test-server.ts) and stops it afterwards.
 */
import newman from 'newman';
import { COLLECTION_PATH, ENVIRONMENT_PATH } from '../postman/build.js';
import { seedDemoAccounts } from './lib/demo-accounts.js';
import { scratchDatabase, startServer } from './lib/test-server.js';

type EnvVar = { key: string; value: string };

/** Seeds the demo accounts through the product's own command and returns the admin's credentials. */
function seedAdmin(env: Record<string, string>): EnvVar[] {
  const { admin } = seedDemoAccounts(env);
  return [
    { key: 'adminEmail', value: admin.email },
    { key: 'adminPassword', value: admin.password },
  ];
}

function runNewman(baseUrl: string, extra: EnvVar[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: COLLECTION_PATH,
        environment: ENVIRONMENT_PATH,
        envVar: [{ key: 'baseUrl', value: baseUrl }, ...extra],
        reporters: ['cli'],
        timeoutRequest: 15_000,
      },
      (err, summary) => {
        if (err) return reject(err);
        const failures = summary.run.failures.length;
        const { requests, assertions } = summary.run.stats;
        const failed = assertions.failed ?? 0;
        console.log(`newman: ${requests.total ?? 0} requests, ${(assertions.total ?? 0) - failed} passed, ${failed} failed`);
        resolve(failures === 0 ? 0 : 1);
      },
    );
  });
}

async function main(): Promise<number> {
  if (process.env.BASE_URL) return runNewman(process.env.BASE_URL);
  const database = await scratchDatabase();
  try {
    const env = {
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      BCRYPT_COST: '10',
      LOGIN_MAX_CONSECUTIVE_FAILURES: '3',
      DATA_DIR: database.dataDir,
    };
    const server = await startServer(env);
    try {
      return await runNewman(server.baseUrl, [...seedAdmin(env), { key: 'loginMaxFailures', value: '3' }]);
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`postman run failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
