/**
 * npm run bench:auth — how fast is an authenticated request, and does a wave of logins hurt it?
 *
 * Starts the real server (src/main.ts, its own process, LOG_LEVEL=warn, production mode,
 * bcrypt cost 12) on a fresh database: on the server of DATABASE_URL / TEST_DATABASE_URL
 * when set, else on an embedded PostgreSQL in a temp dir. Then, in one run, with autocannon:
 *   1. a raw node:http server answering a small JSON (the ceiling for this machine),
 *   2. GET /api/auth/me with a valid customer token, same connections and duration,
 *      1 and 2 in BENCH_ROUNDS alternating windows (default 5), the ratio being the median
 *      of the rounds' ratios, so a slow spell of a shared VM cannot fall on one side only,
 *   3. the p99 of /me at a fixed moderate rate, idle and while 20 logins run in a loop, also in
 *      alternating windows (the burst starts before each busy window and ends after it).
 * Targets (docs/PERFORMANCE.md): me ≥ 0.30 × raw req/s; p99 during logins ≤ 2 × idle p99.
 * Knobs: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (50), BENCH_RATE (req/s, 500),
 * BENCH_CPU_PROFILE (a directory: the server profiles itself and writes a .cpuprofile there on exit).
 * Figures vary from run to run and machine to machine; this is a tool, never a test.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateEd25519Jwk } from '../src/adapters/security/ed25519-jwk.js';
import { scratchDatabase, startServer } from '../scripts/lib/test-server.js';
import { alternate, load, PACERS, type LoadResult } from './lib/load.js';
import { seedDemoAccounts, signIn } from '../scripts/lib/demo-accounts.js';
import { combine, startLoginBurst, type BurstReport, type LoginBurst } from './lib/login-burst.js';
import { startRawServer } from './lib/raw-server.js';
import { measurementExitCode, runBench, verdict } from './lib/report.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const LOGINS = 20;
const WARM_UP_SECONDS = 2;
/** raw and /me are measured in this many alternating windows of DURATION / ROUNDS seconds each. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_RATIO = 0.3;
const TARGET_P99_FACTOR = 2;
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const PROFILER = fileURLToPath(new URL('./lib/cpu-profiler.mjs', import.meta.url));

const ms = (value: number) => value.toFixed(2).padStart(8);

function row(name: string, connections: number, rate: string, r: LoadResult): string {
  return `${name.padEnd(28)}${String(connections).padStart(6)}${rate.padStart(8)}${r.requestsPerSecond.toFixed(0).padStart(10)}${ms(r.p50)}${ms(r.p99)}${String(r.failures).padStart(10)}`;
}

async function main(): Promise<number> {
  const database = await scratchDatabase();
  const jwk = await generateEd25519Jwk();
  const env = {
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
    NODE_ENV: 'production',
    JWT_PRIVATE_KEY: JSON.stringify(jwk),
    LOG_LEVEL: 'warn',
    BCRYPT_COST: '12',
  };
  const raw = await startRawServer();
  try {
    const profiling: Record<string, string> = PROFILE_DIR ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${PROFILER}`.trim() } : {};
    const server = await startServer({ ...env, ...profiling });
    try {
      const credentials = seedDemoAccounts(env).customer;
      const token = await signIn(server.baseUrl, credentials);
      const me = { url: `${server.baseUrl}/api/auth/me`, headers: { Authorization: `Bearer ${token}` } };
      const check = await fetch(me.url, { headers: me.headers });
      if (check.status !== 200) throw new Error(`GET /api/auth/me answered ${check.status}`);

      const max = { connections: CONNECTIONS, durationSeconds: DURATION / ROUNDS };
      const paced = { connections: PACERS, durationSeconds: DURATION / ROUNDS, overallRate: RATE };
      console.error(`warming up and measuring (about ${Math.round(4 * DURATION + 2 * WARM_UP_SECONDS + ROUNDS)} s)…`);
      await load({ url: raw.url, ...max, durationSeconds: WARM_UP_SECONDS });
      await load({ ...me, ...max, durationSeconds: WARM_UP_SECONDS });
      const alternation = await alternate({ url: raw.url, ...max }, { ...me, ...max }, ROUNDS);
      const { baseline: rawResult, subject: meResult } = alternation;
      const reports: BurstReport[] = [];
      let burst: LoginBurst | undefined;
      const underLogins = await alternate({ ...me, ...paced }, { ...me, ...paced }, ROUNDS, {
        beforeSubject: async () => {
          burst = startLoginBurst(server.baseUrl, credentials, LOGINS);
          await new Promise((r) => setTimeout(r, 1000)); // let the hash workers fill up
        },
        afterSubject: async () => {
          reports.push(await burst!.stop()); // in-flight sign-ins finish before the next idle window
        },
      });
      const { baseline: idle, subject: busy } = underLogins;
      const logins = combine(reports);

      const ratio = alternation.medianRatio;
      const factor = busy.p99 / idle.p99;
      const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
      console.log(`\nAuth bench — ${os.cpus().length} cores (${cpu}), Node ${process.version}, ${process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ? 'external' : 'embedded'} PostgreSQL`);
      console.log(`${'run'.padEnd(28)}${'conns'.padStart(6)}${'rate'.padStart(8)}${'req/s'.padStart(10)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'failures'.padStart(10)}`);
      console.log(row('raw node:http', CONNECTIONS, 'max', rawResult));
      console.log(row('GET /api/auth/me', CONNECTIONS, 'max', meResult));
      console.log(row('/me, idle', PACERS, `${RATE}/s`, idle));
      console.log(row(`/me, ${LOGINS} logins in a loop`, PACERS, `${RATE}/s`, busy));
      console.log(`\nme / raw req/s     ${ratio.toFixed(3).padStart(6)}   target ≥ ${TARGET_RATIO.toFixed(2)}   ${verdict(ratio >= TARGET_RATIO)}   (median of ${ROUNDS} rounds: ${alternation.ratios.map((r) => r.toFixed(2)).join(' ')})`);
      console.log(`p99 logins / idle  ${factor.toFixed(2).padStart(6)}   target ≤ ${TARGET_P99_FACTOR.toFixed(2)}   ${verdict(factor <= TARGET_P99_FACTOR)}`);
      console.log(`logins during the burst: ${logins.logins} (${logins.loginsPerSecond.toFixed(1)}/s)${Object.keys(logins.refused).length ? `, refused: ${JSON.stringify(logins.refused)}` : ''}`);
      const failures = rawResult.failures + meResult.failures + idle.failures + busy.failures;
      return measurementExitCode(failures);
    } finally {
      await server.stop();
    }
  } finally {
    await raw.stop();
    await database.drop();
  }
}

runBench(main);
