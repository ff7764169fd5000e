import { beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../errors.js';
import type { LoginAttempt, LoginThrottle } from './login-throttle.js';

/** Same shape as the adapters' limits (SECURITY.md 9), small so tests stay short. */
export interface LoginThrottleContractLimits {
  maxConsecutiveFailures: number;
  blockSeconds: number;
  maxFailuresPerIpPerDay: number;
}

const limits: LoginThrottleContractLimits = { maxConsecutiveFailures: 3, blockSeconds: 900, maxFailuresPerIpPerDay: 5 };

// A fresh IP per test, so a store shared across tests (a database) needs no cleanup.
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

async function failTimes(throttle: LoginThrottle, attempt: LoginAttempt, times: number) {
  for (let i = 0; i < times; i++) await throttle.recordFailure(attempt);
}

async function rateLimited(promise: Promise<void>): Promise<RateLimitedError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RateLimitedError);
  return err as RateLimitedError;
}

/** What every LoginThrottle promises. `setup` builds a throttle with the given limits. */
export function loginThrottleContract(name: string, setup: (limits: LoginThrottleContractLimits) => Promise<LoginThrottle>) {
  describe(`${name} (LoginThrottle contract)`, () => {
    let throttle: LoginThrottle;
    let ip: string;
    const ann = () => ({ email: 'ann@example.test', ip });

    beforeEach(async () => {
      throttle = await setup(limits);
      ip = freshIp();
    });

    it('allows a first attempt', async () => {
      await expect(throttle.assertAllowed(ann())).resolves.toBeUndefined();
    });

    it('blocks an email+IP after N consecutive failures, with a whole-second retry-after', async () => {
      await failTimes(throttle, ann(), limits.maxConsecutiveFailures - 1);
      await expect(throttle.assertAllowed(ann())).resolves.toBeUndefined();
      await throttle.recordFailure(ann());

      const err = await rateLimited(throttle.assertAllowed(ann()));
      expect(Number.isInteger(err.retryAfterSeconds)).toBe(true);
      // The whole block, counted from the failure that exhausted the allowance.
      expect(err.retryAfterSeconds).toBeGreaterThan(limits.blockSeconds - 10);
      expect(err.retryAfterSeconds).toBeLessThanOrEqual(limits.blockSeconds);
    });

    it('still allows another email from the same IP', async () => {
      await failTimes(throttle, ann(), limits.maxConsecutiveFailures);
      await expect(throttle.assertAllowed({ email: 'bob@example.test', ip })).resolves.toBeUndefined();
    });

    it('still allows the same email from another IP', async () => {
      await failTimes(throttle, ann(), limits.maxConsecutiveFailures);
      await expect(throttle.assertAllowed({ email: 'ann@example.test', ip: freshIp() })).resolves.toBeUndefined();
    });

    it('resets the consecutive count on success', async () => {
      await failTimes(throttle, ann(), limits.maxConsecutiveFailures - 1);
      await throttle.recordSuccess(ann());
      await failTimes(throttle, ann(), limits.maxConsecutiveFailures - 1);
      await expect(throttle.assertAllowed(ann())).resolves.toBeUndefined();
    });

    it('blocks every email from an IP past its daily failures, whether or not the emails exist', async () => {
      // Never N in a row for one email, so only the per-IP limit can trip.
      const emails = ['a@example.test', 'no-such-user@example.test', 'c@example.test'];
      for (let i = 0; i < limits.maxFailuresPerIpPerDay; i++) await throttle.recordFailure({ email: emails[i % 3]!, ip });

      const err = await rateLimited(throttle.assertAllowed({ email: 'fresh@example.test', ip }));
      expect(Number.isInteger(err.retryAfterSeconds)).toBe(true);
      expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(err.retryAfterSeconds).toBeLessThanOrEqual(86_400);
      await expect(throttle.assertAllowed({ email: 'fresh@example.test', ip: freshIp() })).resolves.toBeUndefined();
    });

    it('keeps counting an IP\'s failures across a success', async () => {
      const bob = { email: 'bob@example.test', ip };
      await failTimes(throttle, ann(), 2);
      await failTimes(throttle, bob, 2);
      await throttle.recordSuccess(ann());
      await throttle.recordFailure({ email: 'carol@example.test', ip });
      await rateLimited(throttle.assertAllowed({ email: 'dave@example.test', ip }));
    });
  });
}
