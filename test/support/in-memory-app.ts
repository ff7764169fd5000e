import 'reflect-metadata';
import type { Container } from 'inversify';
import type { HttpApp } from '../../src/adapters/http/app.js';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { InMemoryDatabaseHealth } from '../../src/adapters/persistence/in-memory/in-memory-database-health.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { buildContainer } from '../../src/container.js';
import { TOKENS } from '../../src/tokens.js';

export interface InMemoryApp {
  container: Container;
  http: HttpApp;
  databaseHealth: InMemoryDatabaseHealth;
}

/** The real application, every port bound to an in-memory adapter: no database, no network. */
export function buildInMemoryApp(env: Record<string, string> = {}, configure?: (c: Container) => void): InMemoryApp {
  const config: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const container = buildContainer({ config, logger: createLogger(config.LOG_LEVEL) });
  const databaseHealth = new InMemoryDatabaseHealth();
  container.rebind(TOKENS.DatabaseHealth).toConstantValue(databaseHealth);
  configure?.(container);
  return { container, http: container.get<HttpApp>(TOKENS.HttpApp), databaseHealth };
}
