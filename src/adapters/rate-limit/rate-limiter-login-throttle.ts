import { createHash } from 'node:crypto';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';
import { RateLimitedError } from '../../application/errors.js';
import { isDatabaseUnavailable } from '../persistence/sequelize/db.js';
import type { LoginAttempt, LoginThrottle } from '../../application/ports/login-throttle.js';

/** SECURITY.md 9; defaults live in the config (10 failures, 900 s block, 100 per IP per day). */
export interface LoginThrottleLimits {
  maxConsecutiveFailures: number;
  blockSeconds: number;
  maxFailuresPerIpPerDay: number;
}

const DAY_SECONDS = 86_400;
// Both limiters share one store (one PostgreSQL table); the prefixes keep their keys apart.
const PAIR_PREFIX = 'login_fail_pair';
const IP_PREFIX = 'login_fail_ip';

/** What assertAllowed needs of a limiter's state for one key (null: no live failures). */
export interface ThrottleCount {
  consumedPoints: number;
  /** Milliseconds until the count expires; -1 when it never does. */
  msBeforeNext: number;
}

/**
 * Login throttling on rate-limiter-flexible: consecutive failures per email+IP (blocked for
 * blockSeconds once exhausted) and failures per IP in a 24 h window. Which store backs the
 * two limiters is up to the factories below.
 */
export class RateLimiterLoginThrottle implements LoginThrottle {
  /**
   * Attempts (the very object the use case passes to assertAllowed and then recordSuccess)
   * whose email+IP had no live failures when checked, with `failures` at that moment.
   * recordSuccess then has nothing to reset and skips its delete, unless this instance has
   * recorded a failure since (it might be this pair's). A failure recorded meanwhile by
   * *another* instance can survive the success: that only ever leaves more failures
   * counted, never fewer, so the throttle is at worst stricter. Weak: nothing to clean up.
   */
  private readonly clean = new WeakMap<LoginAttempt, number>();
  private failures = 0;

  constructor(
    private readonly perEmailAndIp: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
    private readonly limits: LoginThrottleLimits,
  ) {}

  async assertAllowed(attempt: LoginAttempt): Promise<void> {
    const failuresBefore = this.failures;
    const [pair, perIp] = await this.read(pairKey(attempt.email, attempt.ip), attempt.ip);
    const waits = [
      secondsUntilAllowed(pair, this.limits.maxConsecutiveFailures),
      secondsUntilAllowed(perIp, this.limits.maxFailuresPerIpPerDay),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw new RateLimitedError('Too many failed sign-in attempts; try again later.', wait);
    if (!pair || pair.consumedPoints === 0) this.clean.set(attempt, failuresBefore);
  }

  async recordFailure({ email, ip }: LoginAttempt): Promise<void> {
    this.failures++; // before the writes: a success checked from now on must not skip its reset
    const key = pairKey(email, ip);
    const [pair] = await Promise.all([consumeOne(this.perEmailAndIp, key), consumeOne(this.perIp, ip)]);
    // The failure that uses up the allowance starts a full block, however old the first one is
    // (the window alone would release the pair blockSeconds after its *first* failure).
    if (pair.consumedPoints === this.limits.maxConsecutiveFailures) {
      await this.perEmailAndIp.block(key, this.limits.blockSeconds);
    }
  }

  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    const checkedAt = this.clean.get(attempt);
    this.clean.delete(attempt);
    if (checkedAt === this.failures) return; // no failures to reset (see `clean`)
    // Only the consecutive count: a success must not wipe an IP's failures against other accounts.
    await this.perEmailAndIp.delete(pairKey(attempt.email, attempt.ip));
  }

  /** The live counts of the email+IP pair and of the IP; a store may do better than two reads. */
  protected async read(pair: string, ip: string): Promise<[ThrottleCount | null, ThrottleCount | null]> {
    return Promise.all([this.perEmailAndIp.get(pair), this.perIp.get(ip)]);
  }
}

/**
 * Hashed, so the store holds neither what was typed as an email (sometimes a password, by
 * mistake) nor keys longer than a column allows.
 */
function pairKey(email: string, ip: string): string {
  return createHash('sha256').update(`${email}\n${ip}`).digest('base64url');
}

/** Whole seconds (at least 1) until `res` is under `points` again, or 0 when it already is. */
function secondsUntilAllowed(res: ThrottleCount | null, points: number): number {
  if (!res || res.consumedPoints < points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** rate-limiter-flexible rejects with a RateLimiterRes when points run out: that is data, not failure. */
async function consumeOne(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) return err;
    throw err; // the store itself failed (database down): the caller must know
  }
}

const pairOptions = (l: LoginThrottleLimits) => ({
  keyPrefix: PAIR_PREFIX,
  points: l.maxConsecutiveFailures,
  duration: l.blockSeconds,
  blockDuration: l.blockSeconds,
});
const ipOptions = (l: LoginThrottleLimits) => ({
  keyPrefix: IP_PREFIX,
  points: l.maxFailuresPerIpPerDay,
  duration: DAY_SECONDS,
});

/** One server instance: counts live in this process and vanish on restart. */
export function createMemoryLoginThrottle(limits: LoginThrottleLimits): RateLimiterLoginThrottle {
  return new RateLimiterLoginThrottle(new RateLimiterMemory(pairOptions(limits)), new RateLimiterMemory(ipOptions(limits)), limits);
}

const TABLE = 'login_throttle';

/**
 * Both keys in one statement, as rate-limiter-flexible's own `get` reads one (same table, same
 * `<prefix>:<key>` keys, same test for a live row), on a connection of Sequelize's pool as a
 * named prepared statement, as the library runs its own. The writes stay with the library.
 */
const READ_BOTH = {
  name: `${TABLE}:orderly-read-both`,
  text: `SELECT key, points, expire FROM "${TABLE}" WHERE key IN ($1, $2) AND (expire > $3 OR expire IS NULL)`,
};

/** A row of `login_throttle`; `expire` is a bigint, which pg hands over as a string. */
interface ThrottleRow {
  key: string;
  points: number;
  expire: string | number | null;
}

/** What Sequelize's postgres pool hands out: a pg Client, plus Sequelize's validity flag. */
interface PooledClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: ThrottleRow[] }>;
  _invalid?: boolean;
}

class PostgresRateLimiterLoginThrottle extends RateLimiterLoginThrottle {
  constructor(
    private readonly sequelize: Sequelize,
    perEmailAndIp: RateLimiterAbstract,
    perIp: RateLimiterAbstract,
    limits: LoginThrottleLimits,
  ) {
    super(perEmailAndIp, perIp, limits);
  }

  protected override async read(pair: string, ip: string): Promise<[ThrottleCount | null, ThrottleCount | null]> {
    const pairKey = `${PAIR_PREFIX}:${pair}`;
    const ipKey = `${IP_PREFIX}:${ip}`;
    const pool = this.sequelize.connectionManager;
    const client = (await pool.getConnection({ type: 'write' })) as PooledClient;
    let rows: ThrottleRow[];
    try {
      ({ rows } = await client.query({ ...READ_BOTH, values: [pairKey, ipKey, Date.now()] }));
    } catch (err) {
      if (isDatabaseUnavailable(err)) client._invalid = true; // so the pool replaces it, as Sequelize does
      throw err;
    } finally {
      pool.releaseConnection(client);
    }
    const now = Date.now();
    const count = (key: string): ThrottleCount | null => {
      const row = rows.find((r) => r.key === key);
      if (!row) return null;
      const expire = row.expire === null ? null : Number(row.expire);
      return { consumedPoints: row.points, msBeforeNext: expire ? Math.max(expire - now, 0) : -1 };
    };
    return [count(pairKey), count(ipKey)];
  }
}

/** Several server instances share counts in the `login_throttle` table (created by a migration). */
export function createPostgresLoginThrottle(sequelize: Sequelize, limits: LoginThrottleLimits): RateLimiterLoginThrottle {
  const store = { storeClient: sequelize, storeType: 'sequelize', tableName: TABLE, tableCreated: true };
  return new PostgresRateLimiterLoginThrottle(
    sequelize,
    // Each limiter would delete expired rows of the whole table every 5 minutes; one is enough.
    new RateLimiterPostgres({ ...store, ...pairOptions(limits), clearExpiredByTimeout: true }),
    new RateLimiterPostgres({ ...store, ...ipOptions(limits), clearExpiredByTimeout: false }),
    limits,
  );
}
