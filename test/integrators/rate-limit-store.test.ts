// The project's LoginThrottle over limiters built by hand: the same two limiters the factories in
// src/adapters/rate-limit build, here on RateLimiterMemory. Any other store class of
// rate-limiter-flexible (RateLimiterRedis, RateLimiterMongo, ...) takes the same options plus its client.
// #region rate-limit-store
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RateLimiterLoginThrottle } from '../../src/adapters/rate-limit/rate-limiter-login-throttle.js';
import { loginThrottleContract } from '../../src/application/ports/login-throttle.contract.js';

const DAY_SECONDS = 86_400;

loginThrottleContract('RateLimiterLoginThrottle over limiters built by hand', async (limits) =>
  new RateLimiterLoginThrottle(
    new RateLimiterMemory({ keyPrefix: 'login_fail_pair', points: limits.maxConsecutiveFailures, duration: limits.blockSeconds, blockDuration: limits.blockSeconds }),
    new RateLimiterMemory({ keyPrefix: 'login_fail_ip', points: limits.maxFailuresPerIpPerDay, duration: DAY_SECONDS }),
    limits,
  ),
);
// #endregion rate-limit-store
