import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { userChangeFeedContract } from '../user-change-feed.contract.js';
import { createSequelize } from './db.js';
import { PostgresUserChangeFeed } from './postgres-user-change-feed.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

userChangeFeedContract('PostgresUserChangeFeed', async () => {
  // Two instances: each its own pool and its own LISTEN connection, one database.
  const pools = [createSequelize(db.url, { poolMax: 1 }), createSequelize(db.url, { poolMax: 1 })] as const;
  return {
    instances: [new PostgresUserChangeFeed(pools[0]), new PostgresUserChangeFeed(pools[1])],
    dispose: async () => {
      await Promise.all(pools.map((pool) => pool.close()));
    },
  };
});
