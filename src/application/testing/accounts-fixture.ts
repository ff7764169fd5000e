import { expect } from 'vitest';
import { aUser } from '../../../test/mothers/user-mother.js';
import { InMemoryUserRepository } from '../../adapters/persistence/in-memory/in-memory-user-repository.js';
import { createMemoryLoginThrottle, type LoginThrottleLimits } from '../../adapters/rate-limit/rate-limiter-login-throttle.js';
import { FakePasswordHasher } from '../../adapters/security/fake-password-hasher.js';
import { FakeTokenIssuer } from '../../adapters/security/fake-token-issuer.js';
import { RandomIdGenerator } from '../../adapters/system/random-id-generator.js';
import { FixedClock } from '../../adapters/system/system-clock.js';
import type { User, UserProps } from '../../domain/user/user.js';
import { accountUseCases } from '../auth/auth-use-cases.js';

export const NOW = new Date('2026-11-28T12:00:00.000Z');
export const SECOND = 1000;
export const COST = 12;
export const TTL_SECONDS = 1800;
export const MAX_SESSION_AGE_SECONDS = 7 * 86_400;
export const PASSWORD = 'correct horse battery';
export const IP = '192.0.2.10';
/** Small, so a test reaches the block in a few attempts; the per-IP limit stays out of the way. */
export const LIMITS: LoginThrottleLimits = { maxConsecutiveFailures: 3, blockSeconds: 900, maxFailuresPerIpPerDay: 100 };

export interface AccountsOptions {
  cost?: number;
  ttlSeconds?: number;
  maxSessionAgeSeconds?: number;
  limits?: Partial<LoginThrottleLimits>;
}

export type GivenUser = Partial<UserProps> & {
  /** The plain password to hash into passwordHash (default PASSWORD). */
  password?: string;
  /** The cost of that hash (default: the hasher's own). */
  cost?: number;
};

/**
 * Every account use case over honest in-memory adapters and a fixed clock. The login
 * throttle runs on its own (real) timer; its windows are far longer than any test.
 */
export function makeAccounts(options: AccountsOptions = {}) {
  const cost = options.cost ?? COST;
  const clock = new FixedClock(NOW);
  const users = new InMemoryUserRepository();
  const hasher = new FakePasswordHasher({ cost });
  const tokens = new FakeTokenIssuer({ clock, ttlSeconds: options.ttlSeconds ?? TTL_SECONDS });
  const throttle = createMemoryLoginThrottle({ ...LIMITS, ...options.limits });
  const useCases = accountUseCases(
    { users, hasher, tokens, throttle, clock, ids: new RandomIdGenerator() },
    options.maxSessionAgeSeconds ?? MAX_SESSION_AGE_SECONDS,
  );

  /** Stores a user who signs in with `password`; hashed outside `hasher`, so its call counts stay at zero. */
  async function givenUser({ password = PASSWORD, cost: hashCost = cost, ...overrides }: GivenUser = {}): Promise<User> {
    const passwordHash = await new FakePasswordHasher({ cost: hashCost }).hash(password);
    const user = aUser({ passwordHash, ...overrides });
    await users.insert(user);
    return user;
  }

  /** Signs `user` in (with PASSWORD unless told) and returns the token. */
  async function tokenFor(user: User, password = PASSWORD): Promise<string> {
    return (await useCases.login.execute({ email: user.email, password, ip: IP })).token;
  }

  /** Resolves when AuthenticateToken accepts `token`, rejects otherwise. */
  const authenticate = (token: string) => useCases.authenticateToken.execute(token);

  return { useCases, users, hasher, tokens, clock, throttle, givenUser, tokenFor, authenticate };
}

export type Accounts = ReturnType<typeof makeAccounts>;

/** The error `promise` rejects with, checked to be a `type`; fails the test if it resolves. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => ({ err }),
  );
  expect(outcome, `expected a ${type.name}, but the promise resolved`).toBeDefined();
  expect(outcome!.err).toBeInstanceOf(type);
  return outcome!.err as E;
}
