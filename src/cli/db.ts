import { startEmbeddedPostgres } from '../adapters/persistence/embedded/embedded-postgres.js';
import { createSequelize } from '../adapters/persistence/sequelize/db.js';
import { createMigrator, migrateUp, migrationStatus } from '../adapters/persistence/sequelize/migrator.js';
import type { Sequelize } from 'sequelize';
import path from 'node:path';
import { createLogger } from '../adapters/logging/logger.js';
import { loadJwtKeys } from '../adapters/security/jwt-keys.js';
import type { BcryptPasswordHasher } from '../adapters/security/bcrypt-password-hasher.js';
import type { AccountUseCases } from '../application/auth/auth-use-cases.js';
import { loadConfig } from '../config/env.js';
import { buildContainer } from '../container.js';
import { formatDemoAccounts, randomDemoPassword } from '../server/demo-accounts.js';
import { TOKENS } from '../tokens.js';

/**
 * npm run db:migrate | db:rollback | db:status | db:seed [-- --json]
 * Uses DATABASE_URL, or else the embedded PostgreSQL in DATA_DIR (default .data), exactly
 * like the server, so both always look at the same database.
 */
const commands: Record<string, (sequelize: Sequelize) => Promise<string>> = {
  async migrate(sequelize) {
    const applied = await createMigrator(sequelize).up();
    return applied.length ? applied.map((m) => `applied   ${m.name}`).join('\n') : 'Already up to date.';
  },
  async rollback(sequelize) {
    const [reverted] = await createMigrator(sequelize).down();
    return reverted ? `reverted  ${reverted.name}` : 'Nothing to roll back.';
  },
  /** Demo accounts, one per role, on an empty user table; never in production. */
  async seed(sequelize) {
    const config = loadConfig();
    if (config.NODE_ENV === 'production') throw new Error('demo accounts are never created with NODE_ENV=production');
    const jwtKeys = await loadJwtKeys(config, { dataDir: path.resolve(config.DATA_DIR) });
    const container = buildContainer({ config, logger: createLogger('warn'), sequelize, jwtKeys });
    await migrateUp(sequelize);
    try {
      const created = await container.get<AccountUseCases>(TOKENS.AccountUseCases).seedDemoAccounts.execute(randomDemoPassword);
      if (!created) return process.argv.includes('--json') ? 'null' : 'Users already exist; no demo accounts created.';
      return process.argv.includes('--json') ? JSON.stringify(created) : formatDemoAccounts(created);
    } finally {
      await container.get<BcryptPasswordHasher>(TOKENS.PasswordHasher).close();
    }
  },
  async status(sequelize) {
    const { executed, pending } = await migrationStatus(sequelize);
    const lines = [...executed.map((n) => `executed  ${n}`), ...pending.map((n) => `pending   ${n}`)];
    return lines.length ? lines.join('\n') : 'No migrations found.';
  },
};

async function main(name: string | undefined): Promise<void> {
  const command = name ? commands[name] : undefined;
  if (!command) throw new Error(`unknown command; use one of: ${Object.keys(commands).join(', ')}`);
  const externalUrl = process.env.DATABASE_URL;
  const embedded = externalUrl ? undefined : await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR ?? '.data' });
  // No statement timeout: a migration may legitimately run longer than a request.
  const sequelize = createSequelize(embedded?.url ?? externalUrl!, { poolMax: 2, statementTimeoutMs: 0 });
  try {
    console.log(await command(sequelize));
  } finally {
    await sequelize.close();
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`db ${process.argv[2] ?? ''} failed: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exitCode = 1;
});
