// An integrator's LoginThrottle, written from scratch against the port alone: it imports the
// port's types and the error the port names (RateLimitedError), nothing from src/adapters.
import { RateLimitedError } from '../../src/application/errors.js';
import type { LoginAttempt, LoginThrottle } from '../../src/application/ports/login-throttle.js';

export interface SlidingWindowLimits {
  maxConsecutiveFailures: number;
  blockSeconds: number;
  maxFailuresPerIpPerDay: number;
}

export interface SlidingWindowOptions {
  /** Milliseconds since the epoch; tests may move it. */
  now?: () => number;
  /** Keys kept per map before the oldest is forgotten, so a flood of addresses cannot exhaust memory. */
  maxEntries?: number;
}

const DAY_MS = 86_400_000;

interface PairState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/**
 * One process, plain Maps: consecutive failures per email+IP (a full block from the failure
 * that used up the allowance) and a true sliding 24-hour window of failures per IP. Every
 * refusal is kept in `refused`, so a test can see that the application asked this throttle.
 */
export class SlidingWindowLoginThrottle implements LoginThrottle {
  readonly refused: Array<LoginAttempt & { retryAfterSeconds: number }> = [];
  private readonly pairs = new Map<string, PairState>();
  private readonly ipFailures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(
    private readonly limits: SlidingWindowLimits,
    options: SlidingWindowOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  async assertAllowed(attempt: LoginAttempt): Promise<void> {
    const now = this.now();
    const waitMs = Math.max(this.pairWaitMs(attempt, now), this.ipWaitMs(attempt.ip, now));
    if (waitMs <= 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    this.refused.push({ ...attempt, retryAfterSeconds });
    throw new RateLimitedError('Too many failed sign-in attempts; try again later.', retryAfterSeconds);
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const now = this.now();
    const key = pairKey(attempt);
    const pair = this.livePair(key, now) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    pair.failures += 1;
    pair.lastFailureAt = now;
    if (pair.failures >= this.limits.maxConsecutiveFailures) pair.blockedUntil = now + this.limits.blockSeconds * 1000;
    remember(this.pairs, key, pair, this.maxEntries);

    const failures = this.recentIpFailures(attempt.ip, now);
    failures.push(now);
    remember(this.ipFailures, attempt.ip, failures, this.maxEntries);
  }

  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    this.pairs.delete(pairKey(attempt)); // the per-IP window keeps counting
  }

  /** The pair's state, or undefined once its block is over or its failures went stale. */
  private livePair(key: string, now: number): PairState | undefined {
    const pair = this.pairs.get(key);
    if (!pair) return undefined;
    const blocked = pair.blockedUntil > now;
    const stale = pair.blockedUntil === 0 && now - pair.lastFailureAt >= this.limits.blockSeconds * 1000;
    if (blocked || (!stale && pair.blockedUntil === 0)) return pair;
    this.pairs.delete(key);
    return undefined;
  }

  private pairWaitMs(attempt: LoginAttempt, now: number): number {
    const pair = this.livePair(pairKey(attempt), now);
    return pair ? pair.blockedUntil - now : 0;
  }

  private recentIpFailures(ip: string, now: number): number[] {
    const recent = (this.ipFailures.get(ip) ?? []).filter((at) => now - at < DAY_MS);
    if (recent.length === 0) this.ipFailures.delete(ip);
    return recent;
  }

  private ipWaitMs(ip: string, now: number): number {
    const recent = this.recentIpFailures(ip, now);
    if (recent.length < this.limits.maxFailuresPerIpPerDay) return 0;
    // Allowed again once enough of the oldest failures leave the window.
    const freeingFailure = recent[recent.length - this.limits.maxFailuresPerIpPerDay]!;
    return freeingFailure + DAY_MS - now;
  }
}

const pairKey = ({ email, ip }: LoginAttempt) => JSON.stringify([email, ip]);

/** Map insertion order is age: re-inserting moves a key to the end, and the oldest goes first. */
function remember<V>(map: Map<string, V>, key: string, value: V, maxEntries: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > maxEntries) map.delete(map.keys().next().value!);
}
