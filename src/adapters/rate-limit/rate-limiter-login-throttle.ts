import { createHash } from 'node:crypto';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';
import { RateLimitedError } from '../../application/errors.js';
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

/**
 * Login throttling on rate-limiter-flexible: consecutive failures per email+IP (blocked for
 * blockSeconds once exhausted) and failures per IP in a 24 h window. Which store backs the
 * two limiters is up to the factories below.
 */
export class RateLimiterLoginThrottle implements LoginThrottle {
  constructor(
    private readonly perEmailAndIp: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
    private readonly limits: LoginThrottleLimits,
  ) {}

  async assertAllowed({ email, ip }: LoginAttempt): Promise<void> {
    const [pair, perIp] = await Promise.all([this.perEmailAndIp.get(pairKey(email, ip)), this.perIp.get(ip)]);
    const waits = [
      secondsUntilAllowed(pair, this.limits.maxConsecutiveFailures),
      secondsUntilAllowed(perIp, this.limits.maxFailuresPerIpPerDay),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw new RateLimitedError('Too many failed sign-in attempts; try again later.', wait);
  }

  async recordFailure({ email, ip }: LoginAttempt): Promise<void> {
    const key = pairKey(email, ip);
    const [pair] = await Promise.all([consumeOne(this.perEmailAndIp, key), consumeOne(this.perIp, ip)]);
    // The failure that uses up the allowance starts a full block, however old the first one is
    // (the window alone would release the pair blockSeconds after its *first* failure).
    if (pair.consumedPoints === this.limits.maxConsecutiveFailures) {
      await this.perEmailAndIp.block(key, this.limits.blockSeconds);
    }
  }

  async recordSuccess({ email, ip }: LoginAttempt): Promise<void> {
    // Only the consecutive count: a success must not wipe an IP's failures against other accounts.
    await this.perEmailAndIp.delete(pairKey(email, ip));
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
function secondsUntilAllowed(res: RateLimiterRes | null, points: number): number {
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

/** Several server instances share counts in the `login_throttle` table (created by a migration). */
export function createPostgresLoginThrottle(sequelize: Sequelize, limits: LoginThrottleLimits): RateLimiterLoginThrottle {
  const store = { storeClient: sequelize, storeType: 'sequelize', tableName: 'login_throttle', tableCreated: true };
  return new RateLimiterLoginThrottle(
    // Each limiter would delete expired rows of the whole table every 5 minutes; one is enough.
    new RateLimiterPostgres({ ...store, ...pairOptions(limits), clearExpiredByTimeout: true }),
    new RateLimiterPostgres({ ...store, ...ipOptions(limits), clearExpiredByTimeout: false }),
    limits,
  );
}
