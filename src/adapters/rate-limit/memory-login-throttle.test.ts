import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { loginThrottleContract } from '../../application/ports/login-throttle.contract.js';
import { createMemoryLoginThrottle, RateLimiterLoginThrottle } from './rate-limiter-login-throttle.js';

loginThrottleContract('memory RateLimiterLoginThrottle', async (limits) => createMemoryLoginThrottle(limits));

/** A store that is down: every call rejects with a real error. */
class BrokenStore extends RateLimiterMemory {
  override consume(): Promise<RateLimiterRes> {
    return Promise.reject(new Error('store unreachable'));
  }
}

describe('RateLimiterLoginThrottle', () => {
  it('passes store failures on instead of mistaking them for "limit reached"', async () => {
    const limits = { maxConsecutiveFailures: 3, blockSeconds: 60, maxFailuresPerIpPerDay: 5 };
    const throttle = new RateLimiterLoginThrottle(
      new BrokenStore({ keyPrefix: 'pair', points: 3, duration: 60 }),
      new RateLimiterMemory({ keyPrefix: 'ip', points: 5, duration: 60 }),
      limits,
    );
    await expect(throttle.recordFailure({ email: 'ann@example.test', ip: '192.0.2.1' })).rejects.toThrow(
      'store unreachable',
    );
  });
});
