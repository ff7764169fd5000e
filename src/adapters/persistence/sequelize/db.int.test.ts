import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConnectionAcquireTimeoutError, DatabaseError, DataTypes, QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { createSequelize, isDatabaseUnavailable } from './db.js';

async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err);

describe('createSequelize', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('fails fast, as "unavailable", when nothing listens on the port', async () => {
    const sequelize = createSequelize(`postgres://postgres:secret@127.0.0.1:${await unusedPort()}/orderly`);
    try {
      const started = Date.now();
      const err = await failureOf(sequelize.query('select 1'));
      expect(Date.now() - started).toBeLessThan(3500);
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await sequelize.close();
    }
  });

  it('reports a syntax error or a constraint violation as not "unavailable"', async () => {
    expect(isDatabaseUnavailable(await failureOf(db.sequelize.query('selec 1')))).toBe(false);
    const duplicate = "insert into users (email, name, role, password_hash) values ('a@x.test', 'A', 'staff', 'x')";
    await db.sequelize.query(duplicate);
    expect(isDatabaseUnavailable(await failureOf(db.sequelize.query(duplicate)))).toBe(false);
  });

  it('names itself in pg_stat_activity and maps camelCase attributes to snake_case columns', async () => {
    const [rows] = await db.sequelize.query("select current_setting('application_name') as app");
    expect(rows).toEqual([{ app: 'orderly' }]);
    const probe = db.sequelize.define('Probe', { passwordHash: DataTypes.TEXT });
    expect(probe.getAttributes().passwordHash?.field).toBe('password_hash');
  });
});

describe('createSequelize while the server goes away', () => {
  let dataDir: string;
  let server: EmbeddedPostgres;
  let sequelize: Sequelize;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-outage-'));
    await chmod(dataDir, 0o755); // as root, the postgres user must be able to enter it
    server = await startEmbeddedPostgres({ dataDir });
    sequelize = createSequelize(server.url);
  });
  afterAll(async () => {
    await sequelize?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const selectOne = () => sequelize.query('select 1 as ok', { type: QueryTypes.SELECT });

  it('times out within 3 s when the server accepts TCP but never answers', async () => {
    const postmaster = Number.parseInt(await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);
    const fresh = createSequelize(server.url); // empty pool: must open a connection
    process.kill(postmaster, 'SIGSTOP');
    try {
      const started = Date.now();
      expect(isDatabaseUnavailable(await failureOf(fresh.query('select 1')))).toBe(true);
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      process.kill(postmaster, 'SIGCONT');
      await fresh.close();
    }
  });

  it('fails fast while it is down and recovers by itself when it is back', async () => {
    expect(await selectOne()).toEqual([{ ok: 1 }]); // the pool now holds a live connection
    await server.stop();
    const started = Date.now();
    expect(isDatabaseUnavailable(await failureOf(selectOne()))).toBe(true);
    expect(isDatabaseUnavailable(await failureOf(selectOne()))).toBe(true);
    expect(Date.now() - started).toBeLessThan(3500);

    server = await startEmbeddedPostgres({ dataDir, port: Number(new URL(server.url).port) });
    expect(await selectOne()).toEqual([{ ok: 1 }]);
  });
});

describe('isDatabaseUnavailable', () => {
  const pgError = (message: string, code?: string) => Object.assign(new Error(message), { code, sql: 'select 1' });

  it.each([
    ['a pool wait timeout', new ConnectionAcquireTimeoutError(new Error('timeout'))],
    ['a socket closed under a query', new DatabaseError(pgError('Connection terminated unexpectedly'))],
    ['an admin shutdown (57P01)', new DatabaseError(pgError('terminating connection due to administrator command', '57P01'))],
    ['a server starting up (57P03)', new DatabaseError(pgError('the database system is starting up', '57P03'))],
    ['a connection exception (class 08)', pgError('connection failure', '08006')],
    ['a reset socket', pgError('read ECONNRESET', 'ECONNRESET')],
  ])('is true for %s', (_label, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', new DatabaseError(pgError('duplicate key', '23505'))],
    ['a plain error', new Error('boom')],
    ['null', null],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_label, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
