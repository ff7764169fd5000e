// (b) on the production adapters: the composition root as main.ts builds it (Sequelize on
// PostgreSQL, jose, bcrypt workers), with one port rebound to the integrator's adapter.
// docs/ADAPTERS.md quotes the `compose` region below.
import 'reflect-metadata';
import os from 'node:os';
import type { Container } from 'inversify';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../src/adapters/http/app.js';
import { createLogger } from '../../src/adapters/logging/logger.js';
import type { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher.js';
import { generateEd25519Jwk } from '../../src/adapters/security/ed25519-jwk.js';
import { loadJwtKeys } from '../../src/adapters/security/jwt-keys.js';
import type { LoginThrottle } from '../../src/application/ports/login-throttle.js';
import { loadConfig } from '../../src/config/env.js';
import { buildContainer } from '../../src/container.js';
import { TOKENS } from '../../src/tokens.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { SlidingWindowLoginThrottle } from './sliding-window-login-throttle.js';

let db: TestDatabase;
let root: Container | undefined;
let server: ReturnType<HttpApp['app']['callback']>;
let custom: SlidingWindowLoginThrottle;

beforeAll(async () => {
  db = await createTestDatabase();
  // The configuration main.ts would load: the PostgreSQL login throttle, 10 failures allowed.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BCRYPT_COST: '4', JWT_PRIVATE_KEY: JSON.stringify(await generateEd25519Jwk()) });
  const logger = createLogger(config.LOG_LEVEL);
  const jwtKeys = await loadJwtKeys(config, { dataDir: os.tmpdir() });
  const sequelize = db.sequelize;
  // #region compose
  const throttle = new SlidingWindowLoginThrottle({ maxConsecutiveFailures: 2, blockSeconds: 120, maxFailuresPerIpPerDay: 50 });
  const container = buildContainer({ config, logger, sequelize, jwtKeys });
  // Before the first get(): what is resolved is built once and keeps the adapters it was built with.
  container.rebind<LoginThrottle>(TOKENS.LoginThrottle).toConstantValue(throttle);
  const { app } = container.get<HttpApp>(TOKENS.HttpApp);
  // #endregion compose
  server = app.callback();
  root = container;
  custom = throttle;
});

afterAll(async () => {
  await root?.get<BcryptPasswordHasher>(TOKENS.PasswordHasher).close();
  await db?.drop();
});

describe('the production composition root with the integrator’s LoginThrottle', () => {
  it('refuses logins by the custom throttle’s limits, and the PostgreSQL throttle never hears of them', async () => {
    const email = 'erin@example.test';
    expect((await request(server).post('/api/auth/register').send({ email, password: 'the right password', name: 'Erin' })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      expect((await request(server).post('/api/auth/email-login').send({ email, password: 'a wrong password' })).status).toBe(401);
    }
    const refused = await request(server).post('/api/auth/email-login').send({ email, password: 'the right password' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('120');
    expect(custom.refused).toEqual([{ email, ip: expect.any(String), retryAfterSeconds: 120 }]);

    const [row] = await db.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM login_throttle', { type: QueryTypes.SELECT });
    expect(row!.n).toBe(0);
  });
});
