import 'reflect-metadata';
import { createServer } from 'node:http';
import { createLogger } from './adapters/logging/logger.js';
import { createSequelize } from './adapters/persistence/sequelize/db.js';
import { migrateUp } from './adapters/persistence/sequelize/migrator.js';
import { ConfigError, loadConfig } from './config/env.js';
import { buildContainer } from './container.js';
import type { HttpApp } from './adapters/http/app.js';
import { openDatabase, type DatabaseHandle } from './server/database.js';
import { gracefulShutdown } from './server/graceful-shutdown.js';
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

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, (line) => logger.debug({ postgres: line.trim() }, 'postgres'));
  await migrate(database);
  const sequelize = createSequelize(database.url);

  const container = buildContainer({ config, logger, sequelize, version: process.env.npm_package_version });
  const { app } = container.get<HttpApp>(TOKENS.HttpApp);
  const server = createServer(app.callback());
  server.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));

  const where = database.embedded ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'PostgreSQL from DATABASE_URL';
  logger.info({ port: config.PORT, database: database.embedded ? 'embedded' : 'external' }, 'listening');
  console.log(`Orderly is running at http://localhost:${config.PORT} (${where}). Press Ctrl-C to stop.`);

  const shutdown = gracefulShutdown({
    server,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    afterClose: [() => sequelize.close(), () => database.stop()],
  });
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

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : `Orderly could not start: ${(err as Error).message}`;
  console.error(message);
  process.exit(1);
});
