import 'reflect-metadata';
import type { Container } from 'inversify';
import type { HttpApp } from '../../src/adapters/http/app.js';
import { InProcessEventBus } from '../../src/adapters/live/in-process-event-bus.js';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { InMemoryDatabaseHealth } from '../../src/adapters/persistence/in-memory/in-memory-database-health.js';
import { InMemoryMessageRepository } from '../../src/adapters/persistence/in-memory/in-memory-message-repository.js';
import { InMemoryOrderRepository } from '../../src/adapters/persistence/in-memory/in-memory-order-repository.js';
import { InMemoryUserRepository } from '../../src/adapters/persistence/in-memory/in-memory-user-repository.js';
import { FakePasswordHasher } from '../../src/adapters/security/fake-password-hasher.js';
import { FakeTokenIssuer } from '../../src/adapters/security/fake-token-issuer.js';
import { FixedClock } from '../../src/adapters/system/system-clock.js';
import { composedOrderViews } from '../../src/application/orders/order-view.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { buildContainer } from '../../src/container.js';
import { TOKENS } from '../../src/tokens.js';

export interface InMemoryApp {
  container: Container;
  http: HttpApp;
  databaseHealth: InMemoryDatabaseHealth;
  users: InMemoryUserRepository;
  clock: FixedClock;
}

/**
 * The real application, every port rebound to an in-memory adapter: no database, no
 * network, no key files. This is also how an integrator swaps an adapter.
 */
export function buildInMemoryApp(env: Record<string, string> = {}, configure?: (c: Container) => void): InMemoryApp {
  const config: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOGIN_THROTTLE_STORE: 'memory', ...env });
  const container = buildContainer({ config, logger: createLogger(config.LOG_LEVEL) });
  const databaseHealth = new InMemoryDatabaseHealth();
  const users = new InMemoryUserRepository();
  const clock = new FixedClock(new Date());
  container.rebind(TOKENS.DatabaseHealth).toConstantValue(databaseHealth);
  container.rebind(TOKENS.UserRepository).toConstantValue(users);
  const orders = new InMemoryOrderRepository();
  container.rebind(TOKENS.OrderRepository).toConstantValue(orders);
  const messages = new InMemoryMessageRepository(orders.eventLog);
  container.rebind(TOKENS.MessageRepository).toConstantValue(messages);
  container.rebind(TOKENS.OrderViews).toConstantValue(composedOrderViews(orders, messages));
  container.rebind(TOKENS.EventLog).toConstantValue(orders.eventLog);
  container.rebind(TOKENS.EventBus).toConstantValue(new InProcessEventBus(orders.eventLog));
  container.rebind(TOKENS.Clock).toConstantValue(clock);
  container.rebind(TOKENS.PasswordHasher).toConstantValue(new FakePasswordHasher({ cost: config.BCRYPT_COST }));
  container.rebind(TOKENS.TokenIssuer).toConstantValue(new FakeTokenIssuer({ clock, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS }));
  configure?.(container);
  return { container, http: container.get<HttpApp>(TOKENS.HttpApp), databaseHealth, users, clock };
}
