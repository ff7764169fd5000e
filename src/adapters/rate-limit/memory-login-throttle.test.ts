import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { describe, expect, it, vi } from 'vitest';
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

  describe('skipping the reset when there is nothing to reset', () => {
    const limits = { maxConsecutiveFailures: 3, blockSeconds: 60, maxFailuresPerIpPerDay: 50 };
    const setup = () => {
      const pair = new RateLimiterMemory({ keyPrefix: 'pair', points: 3, duration: 60 });
      const throttle = new RateLimiterLoginThrottle(pair, new RateLimiterMemory({ keyPrefix: 'ip', points: 50, duration: 60 }), limits);
      return { throttle, deletes: vi.spyOn(pair, 'delete') };
    };

    it('deletes nothing after a check that saw no failures', async () => {
      const { throttle, deletes } = setup();
      const attempt = { email: 'ann@example.test', ip: '192.0.2.2' };
      await throttle.assertAllowed(attempt);
      await throttle.recordSuccess(attempt);
      expect(deletes).not.toHaveBeenCalled();
    });

    it('resets after a check that saw failures, or without a check of this very attempt', async () => {
      const { throttle, deletes } = setup();
      const attempt = { email: 'ann@example.test', ip: '192.0.2.3' };
      await throttle.recordFailure(attempt);
      await throttle.assertAllowed(attempt);
      await throttle.recordSuccess(attempt);
      await throttle.recordSuccess({ ...attempt });
      expect(deletes).toHaveBeenCalledTimes(2);
    });

    it('still resets when a failure was recorded between the check and the success', async () => {
      const { throttle } = setup();
      const attempt = { email: 'ann@example.test', ip: '192.0.2.4' };
      const concurrent = { ...attempt }; // another request for the same account, same IP
      await throttle.assertAllowed(attempt);
      await throttle.recordFailure(concurrent);
      await throttle.recordFailure(concurrent);
      await throttle.recordSuccess(attempt);
      await throttle.recordFailure(concurrent);
      await throttle.recordFailure(concurrent);
      await expect(throttle.assertAllowed(concurrent)).resolves.toBeUndefined();
    });
  });
});
