import { Container } from 'inversify';
import type { Sequelize } from 'sequelize';
import { createApp, type HttpApp } from './adapters/http/app.js';
import { bearerAuthenticator } from './adapters/http/middleware/bearer-auth.js';
import type { RouteSpec } from './adapters/http/route.js';
import { authRoutes, jwksRoute } from './adapters/http/routes/auth.routes.js';
import { healthRoute } from './adapters/http/routes/operations.routes.js';
import { chatRoutes } from './adapters/http/routes/chat.routes.js';
import { eventRoutes } from './adapters/http/routes/events.routes.js';
import { orderRoutes } from './adapters/http/routes/orders.routes.js';
import { userRoutes } from './adapters/http/routes/users.routes.js';
import { LiveEventRenderer } from './adapters/live/event-renderer.js';
import { LiveEventHub } from './adapters/live/live-event-hub.js';
import { PostgresEventBus, listenerConnection } from './adapters/live/postgres-event-bus.js';
import type { Logger } from './adapters/logging/logger.js';
import { isDatabaseUnavailable } from './adapters/persistence/sequelize/db.js';
import { SequelizeDatabaseHealth } from './adapters/persistence/sequelize/sequelize-database-health.js';
import { CachingUserRepository } from './adapters/persistence/caching-user-repository.js';
import { PostgresUserChangeFeed } from './adapters/persistence/sequelize/postgres-user-change-feed.js';
import { SequelizeEventLog } from './adapters/persistence/sequelize/sequelize-event-log.js';
import { SequelizeMessageRepository } from './adapters/persistence/sequelize/sequelize-message-repository.js';
import { SequelizeOrderRepository } from './adapters/persistence/sequelize/sequelize-order-repository.js';
import { SequelizeOrderViews } from './adapters/persistence/sequelize/sequelize-order-views.js';
import { SequelizeUserRepository } from './adapters/persistence/sequelize/sequelize-user-repository.js';
import type { UserChangeFeed } from './adapters/persistence/user-change-feed.js';
import { createMemoryLoginThrottle, createPostgresLoginThrottle } from './adapters/rate-limit/rate-limiter-login-throttle.js';
import { BcryptPasswordHasher } from './adapters/security/bcrypt-password-hasher.js';
import { CachingTokenIssuer } from './adapters/security/caching-token-issuer.js';
import { JoseTokenIssuer } from './adapters/security/jose-token-issuer.js';
import { publicJwks, type JwtKeyMaterial } from './adapters/security/jwt-keys.js';
import { RandomIdGenerator } from './adapters/system/random-id-generator.js';
import { SystemClock } from './adapters/system/system-clock.js';
import { accountUseCases, type AccountUseCases } from './application/auth/auth-use-cases.js';
import { UnavailableError } from './application/errors.js';
import { chatUseCases, type ChatUseCases } from './application/chat/chat-use-cases.js';
import { orderUseCases, type OrderUseCases } from './application/orders/order-use-cases.js';
import type { EventBus, EventLog } from './application/ports/event-log.js';
import type { MessageRepository } from './application/ports/message-repository.js';
import { CheckHealth } from './application/operations/check-health.js';
import type { Clock } from './application/ports/clock.js';
import type { DatabaseHealth } from './application/ports/database-health.js';
import type { IdGenerator } from './application/ports/id-generator.js';
import type { LoginThrottle } from './application/ports/login-throttle.js';
import type { PasswordHasher } from './application/ports/password-hasher.js';
import type { TokenIssuer } from './application/ports/token-issuer.js';
import type { OrderRepository } from './application/ports/order-repository.js';
import type { OrderViews } from './application/ports/order-views.js';
import type { UserRepository } from './application/ports/user-repository.js';
import type { Config } from './config/env.js';
import { TOKENS } from './tokens.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  /** Absent when a test builds the application on in-memory adapters only. */
  sequelize?: Sequelize;
  /** Signing and verification keys (loadJwtKeys); absent when a test binds another TokenIssuer. */
  jwtKeys?: JwtKeyMaterial;
  version?: string;
  /** The built SPA to serve (dist/web), when there is one. */
  spaDir?: string;
}

/**
 * Auth caches (docs/PERFORMANCE.md, "Auth"). A user read is served for at most 5 s without
 * asking the database, and only while the change feed is connected; writes invalidate at
 * once here and, through NOTIFY, within milliseconds on other instances. Verified tokens
 * are kept until they expire. Both are bounded.
 */
const USER_CACHE = { ttlMs: 5000, maxEntries: 10_000 };
const VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;

function translateError(err: unknown): unknown {
  return isDatabaseUnavailable(err) ? new UnavailableError('The database is unavailable; try again shortly.') : err;
}

/**
 * The composition root: the only place that knows which adapter serves which port.
 * Swapping an adapter is one `rebind` of its token on the returned container.
 */
export function buildContainer(runtime: Runtime): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  const { config } = runtime;
  c.bind<Config>(TOKENS.Config).toConstantValue(config);
  c.bind<Logger>(TOKENS.Logger).toConstantValue(runtime.logger);
  if (runtime.sequelize) c.bind<Sequelize>(TOKENS.Sequelize).toConstantValue(runtime.sequelize);
  if (runtime.jwtKeys) c.bind<JwtKeyMaterial>(TOKENS.JwtKeys).toConstantValue(runtime.jwtKeys);
  c.bind(TOKENS.TranslateError).toConstantValue(translateError);

  // Ports → adapters.
  c.bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
  c.bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(new RandomIdGenerator());
  c.bind<DatabaseHealth>(TOKENS.DatabaseHealth).toResolvedValue((s: Sequelize) => new SequelizeDatabaseHealth(s), [TOKENS.Sequelize]);
  c.bind<UserChangeFeed>(TOKENS.UserChangeFeed).toResolvedValue(
    (s: Sequelize, logger: Logger) => new PostgresUserChangeFeed(s, { logger }),
    [TOKENS.Sequelize, TOKENS.Logger],
  );
  c.bind<UserRepository>(TOKENS.UserRepository).toResolvedValue(
    (s: Sequelize, feed: UserChangeFeed, logger: Logger) =>
      new CachingUserRepository(new SequelizeUserRepository(s), feed, {
        ...USER_CACHE,
        onPublishError: (err, userId) => logger.warn({ err, userId }, 'user change not announced; other instances may serve it for up to the cache TTL'),
      }),
    [TOKENS.Sequelize, TOKENS.UserChangeFeed, TOKENS.Logger],
  );
  c.bind<OrderRepository>(TOKENS.OrderRepository).toResolvedValue((s: Sequelize) => new SequelizeOrderRepository(s), [TOKENS.Sequelize]);
  c.bind<OrderViews>(TOKENS.OrderViews).toResolvedValue((s: Sequelize) => new SequelizeOrderViews(s), [TOKENS.Sequelize]);
  c.bind<MessageRepository>(TOKENS.MessageRepository).toResolvedValue((s: Sequelize) => new SequelizeMessageRepository(s), [TOKENS.Sequelize]);
  c.bind<EventLog>(TOKENS.EventLog).toResolvedValue((s: Sequelize) => new SequelizeEventLog(s), [TOKENS.Sequelize]);
  c.bind<PasswordHasher>(TOKENS.PasswordHasher).toResolvedValue(
    (logger: Logger) =>
      new BcryptPasswordHasher({
        cost: config.BCRYPT_COST,
        workers: config.PASSWORD_HASH_WORKERS,
        maxQueue: config.PASSWORD_HASH_QUEUE,
        onWorkerError: (err) => logger.error({ err }, 'password worker failed'),
      }),
    [TOKENS.Logger],
  );
  c.bind<TokenIssuer>(TOKENS.TokenIssuer).toResolvedValue(
    (keys: JwtKeyMaterial, clock: Clock) =>
      new CachingTokenIssuer(
        new JoseTokenIssuer(keys, { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS, clock }),
        { clock, maxEntries: VERIFIED_TOKEN_CACHE_ENTRIES, maxTokenAgeSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
      ),
    [TOKENS.JwtKeys, TOKENS.Clock],
  );
  const limits = {
    maxConsecutiveFailures: config.LOGIN_MAX_CONSECUTIVE_FAILURES,
    blockSeconds: config.LOGIN_BLOCK_SECONDS,
    maxFailuresPerIpPerDay: config.LOGIN_MAX_FAILURES_PER_IP_PER_DAY,
  };
  if (config.LOGIN_THROTTLE_STORE === 'postgres') {
    c.bind<LoginThrottle>(TOKENS.LoginThrottle).toResolvedValue((s: Sequelize) => createPostgresLoginThrottle(s, limits), [TOKENS.Sequelize]);
  } else {
    c.bind<LoginThrottle>(TOKENS.LoginThrottle).toConstantValue(createMemoryLoginThrottle(limits));
  }

  // Use cases.
  c.bind<CheckHealth>(TOKENS.CheckHealth).toResolvedValue((h: DatabaseHealth) => new CheckHealth(h), [TOKENS.DatabaseHealth]);
  c.bind<AccountUseCases>(TOKENS.AccountUseCases).toResolvedValue(
    (users: UserRepository, hasher: PasswordHasher, tokens: TokenIssuer, throttle: LoginThrottle, clock: Clock, ids: IdGenerator) =>
      accountUseCases({ users, hasher, tokens, throttle, clock, ids }, config.MAX_SESSION_AGE_SECONDS),
    [TOKENS.UserRepository, TOKENS.PasswordHasher, TOKENS.TokenIssuer, TOKENS.LoginThrottle, TOKENS.Clock, TOKENS.IdGenerator],
  );

  c.bind<OrderUseCases>(TOKENS.OrderUseCases).toResolvedValue(
    (orders: OrderRepository, views: OrderViews, users: UserRepository, messages: MessageRepository, clock: Clock, ids: IdGenerator) =>
      orderUseCases({ orders, views, users, messages, clock, ids }),
    [TOKENS.OrderRepository, TOKENS.OrderViews, TOKENS.UserRepository, TOKENS.MessageRepository, TOKENS.Clock, TOKENS.IdGenerator],
  );
  c.bind<ChatUseCases>(TOKENS.ChatUseCases).toResolvedValue(
    (orders: OrderRepository, messages: MessageRepository, clock: Clock) => chatUseCases({ orders, messages, clock }),
    [TOKENS.OrderRepository, TOKENS.MessageRepository, TOKENS.Clock],
  );

  // Live events: NOTIFY wakes the hub of every instance, which reads the events table (adapters/live).
  c.bind<EventBus>(TOKENS.EventBus).toResolvedValue(
    (s: Sequelize, logger: Logger) => new PostgresEventBus(listenerConnection(s), { logger }),
    [TOKENS.Sequelize, TOKENS.Logger],
  );
  c.bind<LiveEventHub>(TOKENS.LiveEventHub).toResolvedValue(
    (log: EventLog, bus: EventBus, messages: MessageRepository, logger: Logger) =>
      new LiveEventHub({ log, bus, renderer: new LiveEventRenderer(messages), logger }, {
        keepAliveMs: config.EVENTS_KEEPALIVE_SECONDS * 1000,
        recheckMs: config.EVENTS_RECHECK_SECONDS * 1000,
        maxStreamsPerUser: config.EVENTS_MAX_STREAMS_PER_USER,
      }),
    [TOKENS.EventLog, TOKENS.EventBus, TOKENS.MessageRepository, TOKENS.Logger],
  );

  // HTTP.
  c.bind<RouteSpec[]>(TOKENS.Routes).toResolvedValue(
    (checkHealth: CheckHealth, accounts: AccountUseCases, orders: OrderUseCases, chat: ChatUseCases, hub: LiveEventHub) => [
      healthRoute(checkHealth),
      ...authRoutes(accounts),
      ...userRoutes(accounts),
      ...orderRoutes(orders),
      ...chatRoutes(chat),
      ...eventRoutes(hub, accounts.authenticateToken),
      // Resolved on each request, so a rebound key set is what gets published.
      jwksRoute(() => (c.isBound(TOKENS.JwtKeys) ? publicJwks(c.get<JwtKeyMaterial>(TOKENS.JwtKeys)) : { keys: [] })),
    ],
    [TOKENS.CheckHealth, TOKENS.AccountUseCases, TOKENS.OrderUseCases, TOKENS.ChatUseCases, TOKENS.LiveEventHub],
  );
  c.bind<HttpApp>(TOKENS.HttpApp).toResolvedValue(
    (routes: RouteSpec[], logger: Logger, accounts: AccountUseCases, translate: (err: unknown) => unknown) =>
      createApp({
        routes,
        logger,
        authenticate: bearerAuthenticator(accounts.authenticateToken),
        translateError: translate,
        corsOrigins: config.CORS_ORIGINS,
        trustProxy: config.TRUST_PROXY,
        version: runtime.version ?? '0.0.0',
        spaDir: runtime.spaDir,
      }),
    [TOKENS.Routes, TOKENS.Logger, TOKENS.AccountUseCases, TOKENS.TranslateError],
  );
  return c;
}
