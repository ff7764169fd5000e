import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher.js';
import { TOKENS } from '../../src/tokens.js';
import { assertResponseHygiene, checkedHttp, expectError, expectTokenResponse, type CheckedHttp } from '../support/checked-http.js';
import { buildRealApp, type RealApp } from '../support/real-app.js';

/**
 * SECURITY.md 6 and 8 at bcrypt's default cost (12): hashes run in a bounded worker
 * pool (here one worker and no queue, so a second concurrent sign-in finds it full),
 * the event loop stays free meanwhile, an unknown email costs a real compare, and a
 * weaker stored hash is upgraded on sign-in.
 */
let app: RealApp;
let http: CheckedHttp;
const EMAIL = 'hashed@example.test';
const PASSWORD = 'a good password';

beforeAll(async () => {
  // BCRYPT_COST '' = unset: the configuration's default applies.
  app = await buildRealApp({ BCRYPT_COST: '', PASSWORD_HASH_WORKERS: '1', PASSWORD_HASH_QUEUE: '1' });
  http = checkedHttp(app.server);
  await app.container.get<BcryptPasswordHasher>(TOKENS.PasswordHasher).init(); // the startup dummy hash, out of the way
  expect((await http.post('/api/auth/register').send({ email: EMAIL, password: PASSWORD, name: 'Hashed' })).status).toBe(201);
}, 60_000);
afterAll(() => app?.close());

const login = (email: string, password: string) => http.post('/api/auth/email-login').send({ email, password });
const storedHash = async () => {
  const [rows] = await app.db.sequelize.query('SELECT password_hash FROM users WHERE email = :email', { replacements: { email: EMAIL } });
  return (rows[0] as { password_hash: string }).password_hash;
};
const timed = async <T>(run: () => PromiseLike<T>) => {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started, at: performance.now() };
};

describe('password storage', () => {
  it('stores a bcrypt hash at the default cost 12, never the password', async () => {
    expect(app.config.BCRYPT_COST).toBe(12);
    const hash = await storedHash();
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(hash).not.toContain(PASSWORD);
  });

  it('rehashes at the current cost on a successful sign-in when the stored hash is weaker', async () => {
    const weak = bcrypt.hashSync(PASSWORD, 4);
    await app.db.sequelize.query('UPDATE users SET password_hash = :weak WHERE email = :email', { replacements: { weak, email: EMAIL } });
    expectTokenResponse(await login(EMAIL, PASSWORD));
    const upgraded = await storedHash();
    expect(upgraded).toMatch(/^\$2[aby]\$12\$/);
    expect(bcrypt.compareSync(PASSWORD, upgraded)).toBe(true);
    expectTokenResponse(await login(EMAIL, PASSWORD));
  });
});

describe('hashing off the event loop', () => {
  it('answers other requests promptly while a sign-in is hashing', async () => {
    const signIn = timed(() => login(EMAIL, PASSWORD));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the compare is now running in the worker
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await timed(() => http.get('/.well-known/jwks.json')));
    const done = await signIn;
    expectTokenResponse(done.result);
    for (const other of others) {
      expect(other.result.status).toBe(200);
      expect(other.ms).toBeLessThan(100);
      expect(other.at).toBeLessThan(done.at);
    }
  });
});

describe('unknown email and wrong password (SECURITY.md 8)', () => {
  it('cost comparable time: an unknown email is compared against a dummy hash of the same cost', async () => {
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { result, ms } = await timed(() => login(email, 'wrong password'));
        expectError(result, 401, 'invalid_credentials');
        times.push(ms);
      }
      return times.sort((a, b) => a - b)[1]!;
    };
    const [wrongPassword, unknownEmail] = [await median(EMAIL), await median('nobody@example.test')];
    expect(unknownEmail / wrongPassword).toBeGreaterThan(0.5);
    expect(unknownEmail / wrongPassword).toBeLessThan(2);
  });
});

describe('a saturated pool', () => {
  it('answers 503 unavailable with Retry-After (never 500) when the pool is full, then recovers', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => login(EMAIL, PASSWORD)));
    const statuses = results.map((res) => res.status);
    expect(statuses).not.toContain(500);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const unavailable = results.filter((res) => res.status === 503);
    expect(unavailable.length).toBeGreaterThanOrEqual(1);
    for (const res of unavailable) {
      expectError(res, 503, 'unavailable');
      expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    }
    const statusesAfter: number[] = [];
    for (const started = Date.now(); Date.now() - started < 5000 && !statusesAfter.includes(200); ) {
      statusesAfter.push((await login(EMAIL, PASSWORD)).status);
    }
    expect(statusesAfter).toContain(200);
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  expect(http.responses.length).toBeGreaterThan(15);
  http.responses.forEach(assertResponseHygiene);
});
