import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aUser } from '../../../test/mothers/user-mother.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { userRepositoryContract } from '../../application/ports/user-repository.contract.js';
import type { User } from '../../domain/user/user.js';
import { CachingUserRepository } from './caching-user-repository.js';
import { createSequelize } from './sequelize/db.js';
import { LISTENER_APPLICATION_SUFFIX, PostgresUserChangeFeed } from './sequelize/postgres-user-change-feed.js';
import { SequelizeUserRepository } from './sequelize/sequelize-user-repository.js';

/** Long enough that, within a test, only a notification can make an instance drop a user. */
const TTL_MS = 60_000;

/** One application instance: its own pool, its own LISTEN connection, its own cache. */
async function startInstance(url: string, { listen = true } = {}) {
  const sequelize = createSequelize(url, { poolMax: 2 });
  const feed = new PostgresUserChangeFeed(sequelize, { minRetryMs: 20, maxRetryMs: 200 });
  const users = new CachingUserRepository(new SequelizeUserRepository(sequelize), feed, { ttlMs: TTL_MS, maxEntries: 100 });
  if (listen) await feed.start();
  return {
    feed,
    users,
    stop: async () => {
      await feed.close();
      await sequelize.close();
    },
  };
}
type Instance = Awaited<ReturnType<typeof startInstance>>;

/** Polls until `done` holds or the time is up, and returns the last value for the assertion. */
async function within<T>(ms: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    value = await read();
  }
  return value;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('CachingUserRepository on PostgreSQL, two instances', () => {
  let a: Instance;
  let b: Instance;
  let user: User;
  const listeners = async () =>
    db.sequelize.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%' || $1`,
      { bind: [LISTENER_APPLICATION_SUFFIX], type: QueryTypes.SELECT },
    );
  /** A write no repository sees (a psql session): only the TTL would ever undo a cached copy. */
  const renameBehindTheCaches = (name: string) => db.sequelize.query('UPDATE users SET name = $1 WHERE id = $2', { bind: [name, user.id] });
  const revokeOn = async (instance: Instance) => {
    const fresh = (await instance.users.findById(user.id))!;
    fresh.revokeTokens(new Date());
    expect(await instance.users.update(fresh)).toBe(true);
    return fresh.tokenVersion;
  };

  beforeEach(async () => {
    a = await startInstance(db.url);
    b = await startInstance(db.url);
    user = aUser();
    // Not through a caching repository: its own announcement would arrive later and drop A's copy.
    await new SequelizeUserRepository(db.sequelize).insert(user);
  });
  afterEach(async () => {
    await a.stop();
    await b.stop();
  });

  it('serves its cached copy of a user to later requests', async () => {
    await a.users.findById(user.id);
    await renameBehindTheCaches('Not seen yet');
    expect((await a.users.findById(user.id))?.name).toBe(user.name);
    expect((await b.users.findById(user.id))?.name).toBe('Not seen yet');
  });

  it('sees a revocation made on the other instance within a second (NOTIFY)', async () => {
    expect((await a.users.findById(user.id))?.tokenVersion).toBe(user.tokenVersion);
    const revoked = await revokeOn(b);
    const seen = await within(1000, () => a.users.findById(user.id), (u) => u?.tokenVersion === revoked);
    expect(seen?.tokenVersion).toBe(revoked);
  });

  it('hears changes from a process that only publishes (the db CLI never listens)', async () => {
    const cli = await startInstance(db.url, { listen: false });
    try {
      await a.users.findById(user.id);
      const revoked = await revokeOn(cli);
      const seen = await within(1000, () => a.users.findById(user.id), (u) => u?.tokenVersion === revoked);
      expect(seen?.tokenVersion).toBe(revoked);
    } finally {
      await cli.stop();
    }
  });

  it('after its LISTEN connection is killed, drops the cache, reconnects, and invalidation works again', async () => {
    await a.users.findById(user.id);
    await renameBehindTheCaches('Changed before the outage');
    expect((await a.users.findById(user.id))?.name).toBe(user.name); // cached

    const killed = await listeners();
    expect(killed).toHaveLength(2);
    await db.sequelize.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])', {
      bind: [killed.map((l) => l.pid)],
    });
    // Notifications may have been lost: nothing cached before the drop may be served again.
    const afterDrop = await within(1000, () => a.users.findById(user.id), (u) => u?.name === 'Changed before the outage');
    expect(afterDrop?.name).toBe('Changed before the outage');

    const back = await within(5000, async () => a.feed.live && b.feed.live, Boolean);
    expect(back).toBe(true);
    const fresh = await listeners();
    expect(fresh.map((l) => l.pid)).not.toContain(killed[0]!.pid);

    expect((await a.users.findById(user.id))?.tokenVersion).toBe(user.tokenVersion);
    const revoked = await revokeOn(b);
    const seen = await within(1000, () => a.users.findById(user.id), (u) => u?.tokenVersion === revoked);
    expect(seen?.tokenVersion).toBe(revoked);
  });

  it('closes its LISTEN connection on shutdown', async () => {
    expect(await listeners()).toHaveLength(2);
    await a.feed.close();
    await b.feed.close();
    expect(await within(1000, listeners, (rows) => rows.length === 0)).toHaveLength(0);
    expect(a.feed.live).toBe(false);
  });
});

describe('CachingUserRepository on PostgreSQL keeps the port contract', () => {
  let instance: Instance | undefined;
  afterEach(async () => {
    await instance?.stop();
    instance = undefined;
  });
  userRepositoryContract('CachingUserRepository over SequelizeUserRepository', async () => {
    await db.sequelize.query('TRUNCATE users CASCADE');
    instance = await startInstance(db.url);
    return instance.users;
  });
});
