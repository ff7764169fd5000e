import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../src/adapters/http/app.js';
import type { Container } from 'inversify';
import type { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher.js';
import { loadJwtKeys } from '../../src/adapters/security/jwt-keys.js';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/adapters/persistence/embedded/embedded-postgres.js';
import { createSequelize } from '../../src/adapters/persistence/sequelize/db.js';
import { migrateUp } from '../../src/adapters/persistence/sequelize/migrator.js';
import { loadConfig } from '../../src/config/env.js';
import { buildContainer } from '../../src/container.js';
import { TOKENS } from '../../src/tokens.js';

/**
 * PostgreSQL stopped under a running application: health and database-backed
 * routes answer 503 quickly, and both recover by themselves once it is back.
 */
let dataDir: string;
let pg: EmbeddedPostgres;
let port: number;
let sequelize: Sequelize;
let server: ReturnType<HttpApp['app']['callback']>;
let container: Container;
let token: string;

/** Routes that need the database: a sign-in (throttle + user lookup) and an order list. */
const login = () => request(server).post('/api/auth/email-login').send({ email: 'nobody@example.test', password: 'whatever1' });
const listOrders = () => request(server).get('/api/orders').set('Authorization', `Bearer ${token}`);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-outage-'));
  await chmod(dataDir, 0o755); // mkdtemp is 0700; as root, PostgreSQL runs as another user that must enter it
  pg = await startEmbeddedPostgres({ dataDir });
  port = Number(new URL(pg.url).port);
  sequelize = createSequelize(pg.url);
  await migrateUp(sequelize);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BCRYPT_COST: '4', DATA_DIR: dataDir });
  const jwtKeys = await loadJwtKeys(config, { dataDir });
  container = buildContainer({ config, logger: createLogger('silent'), sequelize, jwtKeys });
  server = container.get<HttpApp>(TOKENS.HttpApp).app.callback();
  const registered = await request(server).post('/api/auth/register').send({ email: 'ann@example.test', password: 'long enough', name: 'Ann' });
  token = registered.body.token;
});

afterAll(async () => {
  await container?.get<BcryptPasswordHasher>(TOKENS.PasswordHasher).close();
  await sequelize?.close();
  await pg?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function timed(send: () => request.Test | string) {
  const started = Date.now();
  const pending = send();
  const res = await (typeof pending === 'string' ? request(server).get(pending) : pending);
  return { res, ms: Date.now() - started };
}

describe('database outage', () => {
  it('is healthy while PostgreSQL runs', async () => {
    expect((await timed(() => '/api/health')).res.status).toBe(200);
    expect((await timed(login)).res.status).toBe(401);
    expect((await timed(listOrders)).res.status).toBe(200);
  });

  it('answers 503 within 5 s while PostgreSQL is stopped', async () => {
    await pg.stop();
    const health = await timed(() => '/api/health');
    expect(health.res.status).toBe(503);
    expect(health.res.body).toMatchObject({ db: 'down', error: { code: 'unavailable' } });
    expect(health.ms).toBeLessThan(5000);
    for (const send of [login, listOrders]) {
      const data = await timed(send);
      expect(data.res.status).toBe(503);
      expect(data.res.body.error.code).toBe('unavailable');
      expect(data.res.headers['retry-after']).toMatch(/^\d+$/);
      expect(data.ms).toBeLessThan(5000);
    }
  });

  it('recovers without a restart once PostgreSQL is back', async () => {
    pg = await startEmbeddedPostgres({ dataDir, port });
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await timed(() => '/api/health')).res.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await timed(login)).res.status).toBe(401);
    expect((await timed(listOrders)).res.status).toBe(200);
  });
});
