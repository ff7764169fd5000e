import { startEmbeddedPostgres } from '../adapters/persistence/embedded/embedded-postgres.js';
import { createSequelize } from '../adapters/persistence/sequelize/db.js';
import { createMigrator, migrationStatus } from '../adapters/persistence/sequelize/migrator.js';
import type { Sequelize } from 'sequelize';

/**
 * npm run db:migrate | db:rollback | db:status
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
