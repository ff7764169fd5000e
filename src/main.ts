import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpApp } from './adapters/http/app.js';
import type { LiveEventHub } from './adapters/live/live-event-hub.js';
import { createLogger, type Logger } from './adapters/logging/logger.js';
import { createSequelize } from './adapters/persistence/sequelize/db.js';
import { migrateUp } from './adapters/persistence/sequelize/migrator.js';
import type { PostgresUserChangeFeed } from './adapters/persistence/sequelize/postgres-user-change-feed.js';
import type { PasswordHasher } from './application/ports/password-hasher.js';
import { loadJwtKeys } from './adapters/security/jwt-keys.js';
import type { AccountUseCases } from './application/auth/auth-use-cases.js';
import type { EventLog } from './application/ports/event-log.js';
import { ConfigError, loadConfig, type Config } from './config/env.js';
import { buildContainer } from './container.js';
import { openDatabase, type DatabaseHandle } from './server/database.js';
import { formatDemoAccounts, randomDemoPassword } from './server/demo-accounts.js';
import { startEventRetention } from './server/event-retention.js';
import { gracefulShutdown } from './server/graceful-shutdown.js';
import { createHttpServer } from './server/http-server.js';
import { TOKENS } from './tokens.js';

/** Migrations get their own connection without the per-statement timeout that guards requests. */
async function migrate(database: DatabaseHandle): Promise<void> {
  const sequelize = createSequelize(database.url, { statementTimeoutMs: 0, poolMax: 1 });
  try {
    await migrateUp(sequelize);
  } catch (err) {
    await database.stop();
    throw err;
  } finally {
    await sequelize.close().catch(() => {});
  }
}

/** A newcomer's embedded database starts with one account per role, printed once. */
async function seedDemoAccounts(config: Config, database: DatabaseHandle, accounts: AccountUseCases): Promise<void> {
  if (!database.embedded || config.NODE_ENV === 'production') return;
  const created = await accounts.seedDemoAccounts.execute(randomDemoPassword);
  if (created) console.log(`\n${formatDemoAccounts(created)}\n`);
}

function exitOnSignals(logger: Logger, shutdown: () => Promise<void>): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C means "now"
    logger.info({ signal }, 'signal received');
    void shutdown().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** dist/web beside the compiled server; from sources (tsx), the last build's dist/web. */
function builtSpaDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = import.meta.url.endsWith('.ts') ? path.resolve(here, '../dist/web') : path.resolve(here, '../web');
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const jwtKeys = await loadJwtKeys(config, { dataDir: path.resolve(config.DATA_DIR), logger });
  const database = await openDatabase(config, (line) => logger.debug({ postgres: line.trim() }, 'postgres'));
  await migrate(database);
  const sequelize = createSequelize(database.url);

  const container = buildContainer({ config, logger, sequelize, jwtKeys, version: process.env.npm_package_version, spaDir: builtSpaDir() });
  // Until it listens, the user cache stays bypassed (every request reads the database).
  const userChanges = container.get<PostgresUserChangeFeed>(TOKENS.UserChangeFeed);
  await userChanges.start();
  await seedDemoAccounts(config, database, container.get<AccountUseCases>(TOKENS.AccountUseCases));
  // Live events: LISTEN before accepting streams; prune what is older than the retention, hourly.
  const liveEvents = container.get<LiveEventHub>(TOKENS.LiveEventHub);
  await liveEvents.start();
  const retention = startEventRetention(container.get<EventLog>(TOKENS.EventLog), {
    retentionMs: config.EVENTS_RETENTION_HOURS * 3_600_000,
    intervalMs: 3_600_000,
    logger,
  });
  const { app, inFlight } = container.get<HttpApp>(TOKENS.HttpApp);
  const server = createHttpServer(app.callback());
  server.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));

  const where = database.embedded ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'PostgreSQL from DATABASE_URL';
  logger.info({ port: config.PORT, database: database.embedded ? 'embedded' : 'external' }, 'listening');
  console.log(`Orderly is running at http://localhost:${config.PORT} (${where}). Press Ctrl-C to stop.`);

  // Another PasswordHasher bound in the composition root may hold nothing that needs closing.
  const hasher = container.get<PasswordHasher & { close?: () => Promise<void> }>(TOKENS.PasswordHasher);
  exitOnSignals(
    logger,
    gracefulShutdown({
      server,
      inFlight,
      logger,
      timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      // SSE streams never finish on their own: end them (with a short retry hint) before draining.
      beforeClose: [() => retention.stop(), () => liveEvents.shutdown()],
      afterClose: [async () => hasher.close?.(), () => userChanges.close(), () => sequelize.close(), () => database.stop()],
    }),
  );
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : `Orderly could not start: ${(err as Error).message}`;
  console.error(message);
  process.exit(1);
});
