import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../src/adapters/http/app.js';
import { publicRoute, type RouteSpec } from '../../src/adapters/http/route.js';
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

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-outage-'));
  await chmod(dataDir, 0o755); // mkdtemp is 0700; as root, PostgreSQL runs as another user that must enter it
  pg = await startEmbeddedPostgres({ dataDir });
  port = Number(new URL(pg.url).port);
  sequelize = createSequelize(pg.url);
  await migrateUp(sequelize);
  const container = buildContainer({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), logger: createLogger('silent'), sequelize });
  // Until real endpoints exist on every table, one route that reads the database stands in for them.
  const readsDatabase: RouteSpec = publicRoute({
    method: 'get', path: '/api/probe/users-count', summary: 'x', tags: ['x'], responses: { 200: { description: 'x' } },
    handler: async () => ({ status: 200, body: { count: await sequelize.query('SELECT count(*) FROM users') } }),
  });
  container.get<RouteSpec[]>(TOKENS.Routes).push(readsDatabase);
  server = container.get<HttpApp>(TOKENS.HttpApp).app.callback();
});

afterAll(async () => {
  await sequelize?.close();
  await pg?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function timed(path: string) {
  const started = Date.now();
  const res = await request(server).get(path);
  return { res, ms: Date.now() - started };
}

describe('database outage', () => {
  it('is healthy while PostgreSQL runs', async () => {
    expect((await timed('/api/health')).res.status).toBe(200);
    expect((await timed('/api/probe/users-count')).res.status).toBe(200);
  });

  it('answers 503 within 5 s while PostgreSQL is stopped', async () => {
    await pg.stop();
    const health = await timed('/api/health');
    expect(health.res.status).toBe(503);
    expect(health.res.body).toMatchObject({ db: 'down', error: { code: 'unavailable' } });
    expect(health.ms).toBeLessThan(5000);
    const data = await timed('/api/probe/users-count');
    expect(data.res.status).toBe(503);
    expect(data.res.body.error.code).toBe('unavailable');
    expect(data.ms).toBeLessThan(5000);
  });

  it('recovers without a restart once PostgreSQL is back', async () => {
    pg = await startEmbeddedPostgres({ dataDir, port });
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await timed('/api/health')).res.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await timed('/api/probe/users-count')).res.status).toBe(200);
  });
});
