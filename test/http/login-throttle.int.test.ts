import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type request from 'supertest';
import type { PasswordHasher } from '../../src/application/ports/password-hasher.js';
import { TOKENS } from '../../src/tokens.js';
import { assertResponseHygiene, bearer, checkedHttp, expectError, expectTokenResponse, multiBytePassword, type CheckedHttp } from '../support/checked-http.js';
import { buildRealApp, seedAccounts, type RealApp, type SeededAccount } from '../support/real-app.js';

/**
 * SECURITY.md 9 and 10 on the PostgreSQL throttle: 3 consecutive failures per
 * email + IP, 6 failures per IP per day. The main app trusts X-Forwarded-For, so each
 * test gets a client IP of its own; `direct` (a second instance on the same database)
 * does not, and sees only the socket's IP.
 */
const LIMITS = { LOGIN_MAX_CONSECUTIVE_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP_PER_DAY: '6', LOGIN_BLOCK_SECONDS: '600' };
let app: RealApp;
let direct: RealApp;
let http: CheckedHttp;
let directHttp: CheckedHttp;
let customer: SeededAccount;
let staff: SeededAccount;

beforeAll(async () => {
  app = await buildRealApp({ ...LIMITS, TRUST_PROXY: 'true' });
  // Same database: the throttle keys cannot meet, since every request to `app` names its client IP.
  direct = await buildRealApp(LIMITS, { database: app.db });
  [http, directHttp] = [checkedHttp(app.server), checkedHttp(direct.server)];
  ({ customer, staff } = await seedAccounts(app));
});
afterAll(async () => {
  await direct?.close();
  await app?.close();
});

let lastIp = 0;
const newIp = () => `198.51.100.${++lastIp}`;
const login = (ip: string, email: string, password: string, client = http) =>
  client.post('/api/auth/email-login').set('X-Forwarded-For', ip).send({ email, password });
const fail = async (ip: string, email: string, client = http) => expectError(await login(ip, email, 'wrong password', client), 401, 'invalid_credentials');

function expectRateLimited(res: request.Response, maxSeconds: number) {
  expectError(res, 429, 'rate_limited');
  expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(maxSeconds);
}

describe('consecutive failures per email + IP', () => {
  it('blocks after 3 with 429 and an integer Retry-After, even the right password; other IPs and emails are unaffected', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) await fail(ip, customer.email);
    expectRateLimited(await login(ip, customer.email, customer.password), 600);
    expectTokenResponse(await login(newIp(), customer.email, customer.password));
    expectTokenResponse(await login(ip, staff.email, staff.password));
  });

  it('counts unknown emails too, and answers them like known ones', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) await fail(ip, 'ghost@example.test');
    const ghost = await login(ip, 'ghost@example.test', 'wrong password');
    expectRateLimited(ghost, 600);
    const otherIp = newIp();
    for (let i = 0; i < 3; i++) await fail(otherIp, customer.email);
    const known = await login(otherIp, customer.email, 'wrong password');
    expect(known.body.error.message).toBe(ghost.body.error.message);
  });

  it('counts the normalised email: case and spaces do not buy attempts', async () => {
    const ip = newIp();
    for (const variant of [customer.email.toUpperCase(), ` ${customer.email} `, `Customer@Orderly.Test`]) await fail(ip, variant);
    expectRateLimited(await login(ip, customer.email, customer.password), 600);
  });

  it('is reset by a successful sign-in', async () => {
    const ip = newIp();
    await fail(ip, customer.email);
    await fail(ip, customer.email);
    expectTokenResponse(await login(ip, customer.email, customer.password));
    await fail(ip, customer.email);
    await fail(ip, customer.email); // the 4th failure in all: without the reset, the pair would be blocked now
    expectTokenResponse(await login(ip, customer.email, customer.password));
  });

  it('answers a blocked attempt before any hashing', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) await fail(ip, customer.email);
    const verify = vi.spyOn(app.container.get<PasswordHasher>(TOKENS.PasswordHasher), 'verify');
    try {
      expectRateLimited(await login(ip, customer.email, customer.password), 600);
      expectError(await login(ip, customer.email, multiBytePassword(73)), 422, 'validation_failed'); // validation first of all
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });

  it('counts a wrong current password on PUT /api/auth/password like a failed sign-in', async () => {
    const ip = newIp();
    const token = (await login(ip, staff.email, staff.password)).body.token as string;
    const change = (currentPassword: string) =>
      http.put('/api/auth/password').set('X-Forwarded-For', ip).set('Authorization', bearer(token)).send({ currentPassword, newPassword: 'another password' });
    for (let i = 0; i < 3; i++) expectError(await change('not the password'), 422, 'validation_failed');
    expectRateLimited(await change(staff.password), 600);
    expectRateLimited(await login(ip, staff.email, staff.password), 600);
  });
});

describe('failures per IP per day', () => {
  it('blocks the IP after 6 failures across different emails; a success in between does not reset it', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) await fail(ip, `nobody${i}@example.test`);
    expectTokenResponse(await login(ip, customer.email, customer.password));
    for (let i = 3; i < 6; i++) await fail(ip, `nobody${i}@example.test`);
    expectRateLimited(await login(ip, staff.email, staff.password), 86_400);
    expectTokenResponse(await login(newIp(), staff.email, staff.password));
  });
});

describe('the PostgreSQL store', () => {
  it('shares counts between server instances on one database, and stores no email', async () => {
    const second = await buildRealApp({ ...LIMITS, TRUST_PROXY: 'true', JWT_PRIVATE_KEY: app.config.JWT_PRIVATE_KEY! }, { database: app.db });
    try {
      const secondHttp = checkedHttp(second.server);
      const ip = newIp();
      await fail(ip, customer.email);
      await fail(ip, customer.email, secondHttp);
      await fail(ip, customer.email);
      expectRateLimited(await login(ip, customer.email, customer.password, secondHttp), 600);
      secondHttp.responses.forEach(assertResponseHygiene);
      const [rows] = await app.db.sequelize.query('SELECT key FROM login_throttle');
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toMatch(/@/);
    } finally {
      await second.close();
    }
  });
});

describe('X-Forwarded-For (SECURITY.md 10)', () => {
  it('is ignored without TRUST_PROXY: failures from one socket count together whatever the header says', async () => {
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await fail(ip, customer.email, directHttp);
    expectRateLimited(await login('203.0.113.4', customer.email, customer.password, directHttp), 600);
  });

  it('is honoured with TRUST_PROXY=true: each forwarded client has its own count', async () => {
    const [blocked, other] = [newIp(), newIp()];
    for (let i = 0; i < 3; i++) await fail(blocked, customer.email);
    expectRateLimited(await login(blocked, customer.email, customer.password), 600);
    expectTokenResponse(await login(other, customer.email, customer.password));
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  expect(http.responses.length + directHttp.responses.length).toBeGreaterThan(50);
  [...http.responses, ...directHttp.responses].forEach(assertResponseHygiene);
});
