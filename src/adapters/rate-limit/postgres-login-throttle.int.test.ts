import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { RateLimitedError } from '../../application/errors.js';
import { loginThrottleContract } from '../../application/ports/login-throttle.contract.js';
import { createSequelize, isDatabaseUnavailable } from '../persistence/sequelize/db.js';
import { createMigrator } from '../persistence/sequelize/migrator.js';
import { createPostgresLoginThrottle } from './rate-limiter-login-throttle.js';

const limits = { maxConsecutiveFailures: 3, blockSeconds: 900, maxFailuresPerIpPerDay: 5 };
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(); // migrated: login_throttle comes from migrations/
});
afterAll(async () => {
  await db?.drop();
});

loginThrottleContract('PostgreSQL RateLimiterLoginThrottle', async (contractLimits) =>
  createPostgresLoginThrottle(db.sequelize, contractLimits),
);

describe('PostgreSQL RateLimiterLoginThrottle', () => {
  it('shares counts between instances (several servers, one database)', async () => {
    const serverA = createPostgresLoginThrottle(db.sequelize, limits);
    const serverB = createPostgresLoginThrottle(db.sequelize, limits);
    const attempt = { email: 'shared@example.test', ip: '203.0.113.7' };

    await serverA.recordFailure(attempt);
    await serverB.recordFailure(attempt);
    await serverA.recordFailure(attempt);

    await expect(serverB.assertAllowed(attempt)).rejects.toBeInstanceOf(RateLimitedError);
    await serverB.recordSuccess(attempt);
    await expect(serverA.assertAllowed(attempt)).resolves.toBeUndefined();
  });

  it('stores no raw email (it may be a mistyped password); IPs stay readable for operators', async () => {
    const throttle = createPostgresLoginThrottle(db.sequelize, limits);
    await throttle.recordFailure({ email: 'typed-my-password-here@example.test', ip: '203.0.113.8' });

    const rows = await db.sequelize.query<{ key: string }>('SELECT key FROM login_throttle', { type: QueryTypes.SELECT });
    const keys = rows.map((r) => r.key);
    expect(keys.some((k) => k.includes('typed-my-password-here'))).toBe(false);
    expect(keys).toContain('login_fail_ip:203.0.113.8');
  });

  it('fails loudly when the database is unreachable, instead of letting everyone through', async () => {
    const unreachable = createSequelize('postgres://postgres@127.0.0.1:1/nowhere');
    try {
      const throttle = createPostgresLoginThrottle(unreachable, limits);
      const attempt = { email: 'ann@example.test', ip: '203.0.113.9' };
      // Not a RateLimitedError, not a silent pass: an outage the HTTP layer turns into 503.
      for (const call of [throttle.assertAllowed(attempt), throttle.recordFailure(attempt)]) {
        const err = await call.then(() => 'resolved', (e: unknown) => e);
        expect(isDatabaseUnavailable(err)).toBe(true);
      }
    } finally {
      await unreachable.close();
    }
  });

  it('has a migration that rolls back and re-applies', async () => {
    const scratch = await createTestDatabase();
    try {
      const migrator = createMigrator(scratch.sequelize);
      const THROTTLE = '20261128000100-create-login-throttle';
      const reverted = await migrator.down({ to: THROTTLE });
      expect(reverted.at(-1)?.name).toBe(THROTTLE);
      const table = async () =>
        (await scratch.sequelize.query<{ t: string | null }>("select to_regclass('login_throttle')::text as t", { type: QueryTypes.SELECT }))[0]?.t;
      expect(await table()).toBeNull();
      await migrator.up();
      expect(await table()).toBe('login_throttle');
    } finally {
      await scratch.drop();
    }
  });
});
