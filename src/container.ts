import { Container } from 'inversify';
import type { Sequelize } from 'sequelize';
import { createApp, type HttpApp } from './adapters/http/app.js';
import type { RouteSpec } from './adapters/http/route.js';
import { healthRoute } from './adapters/http/routes/operations.routes.js';
import type { Logger } from './adapters/logging/logger.js';
import { isDatabaseUnavailable } from './adapters/persistence/sequelize/db.js';
import { SequelizeDatabaseHealth } from './adapters/persistence/sequelize/sequelize-database-health.js';
import { UnavailableError } from './application/errors.js';
import { CheckHealth } from './application/operations/check-health.js';
import type { DatabaseHealth } from './application/ports/database-health.js';
import type { Config } from './config/env.js';
import { TOKENS } from './tokens.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  /** Absent when a test builds the application on in-memory adapters only. */
  sequelize?: Sequelize;
  version?: string;
}

function translateError(err: unknown): unknown {
  return isDatabaseUnavailable(err) ? new UnavailableError('The database is unavailable; try again shortly.') : err;
}

/**
 * The composition root: the only place that knows which adapter serves which port.
 * Swapping an adapter is one `rebind` on the returned container.
 */
export function buildContainer(runtime: Runtime): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind<Config>(TOKENS.Config).toConstantValue(runtime.config);
  c.bind<Logger>(TOKENS.Logger).toConstantValue(runtime.logger);
  if (runtime.sequelize) c.bind<Sequelize>(TOKENS.Sequelize).toConstantValue(runtime.sequelize);
  c.bind(TOKENS.TranslateError).toConstantValue(translateError);

  c.bind<DatabaseHealth>(TOKENS.DatabaseHealth).toResolvedValue(
    (sequelize: Sequelize) => new SequelizeDatabaseHealth(sequelize),
    [TOKENS.Sequelize],
  );
  c.bind<CheckHealth>(TOKENS.CheckHealth).toResolvedValue(
    (health: DatabaseHealth) => new CheckHealth(health),
    [TOKENS.DatabaseHealth],
  );

  c.bind<RouteSpec[]>(TOKENS.Routes).toResolvedValue(
    (checkHealth: CheckHealth) => [healthRoute(checkHealth)],
    [TOKENS.CheckHealth],
  );
  c.bind<HttpApp>(TOKENS.HttpApp).toResolvedValue(
    (routes: RouteSpec[], logger: Logger, config: Config, translate: (err: unknown) => unknown) =>
      createApp({
        routes,
        logger,
        translateError: translate,
        corsOrigins: config.CORS_ORIGINS,
        trustProxy: config.TRUST_PROXY,
        version: runtime.version ?? '0.0.0',
      }),
    [TOKENS.Routes, TOKENS.Logger, TOKENS.Config, TOKENS.TranslateError],
  );
  return c;
}
