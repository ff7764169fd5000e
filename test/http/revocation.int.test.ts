import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertResponseHygiene, bearer, checkedHttp, expectError, expectTokenResponse, expectUnauthorized, type CheckedHttp } from '../support/checked-http.js';
import { buildRealApp, seedAccounts, type RealApp, type SeededAccount } from '../support/real-app.js';

/**
 * SECURITY.md 4 with two server instances on one database, each with its user cache
 * listening for changes: a revocation made through one is honoured by the other at once,
 * and revocations racing with other account changes are never lost.
 */
let a: RealApp;
let b: RealApp;
let httpA: CheckedHttp;
let httpB: CheckedHttp;
let adminToken: string;

beforeAll(async () => {
  a = await buildRealApp();
  b = await buildRealApp({ JWT_PRIVATE_KEY: a.config.JWT_PRIVATE_KEY! }, { database: a.db });
  [httpA, httpB] = [checkedHttp(a.server), checkedHttp(b.server)];
  const { admin } = (await seedAccounts(a)) as Record<string, SeededAccount>;
  adminToken = (await httpA.post('/api/auth/email-login').send(admin!)).body.token;
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

let sequence = 0;
async function newCustomer() {
  const email = `rev${++sequence}@example.test`;
  const res = await httpA.post('/api/auth/register').send({ email, password: 'a good password', name: 'Rev' });
  return { email, password: 'a good password', token: res.body.token as string, id: res.body.user.id as string };
}
const me = (http: CheckedHttp, token: string) => http.get('/api/auth/me').set('Authorization', bearer(token));
const patch = (http: CheckedHttp, id: string, body: Record<string, unknown>) =>
  http.patch(`/api/users/${id}`).set('Authorization', bearer(adminToken)).send(body);

/** The other instance hears of the change through NOTIFY: allow it a moment, no more. */
async function refusedWithin(http: CheckedHttp, token: string, ms = 1000) {
  const started = Date.now();
  let res = await me(http, token);
  while (res.status === 200 && Date.now() - started < ms) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    res = await me(http, token);
  }
  expectUnauthorized(res);
}

describe('a change made through one instance, a token presented to the other', () => {
  it.each<[string, (user: Awaited<ReturnType<typeof newCustomer>>) => Promise<unknown>]>([
    ['disabled by an admin on A', (u) => patch(httpA, u.id, { disabled: true })],
    ['role changed by an admin on A', (u) => patch(httpA, u.id, { role: 'staff' })],
    ['revoke-all on A', (u) => httpA.post('/api/auth/revoke-all').set('Authorization', bearer(u.token))],
    ['password changed on A', (u) => httpA.put('/api/auth/password').set('Authorization', bearer(u.token)).send({ currentPassword: u.password, newPassword: 'another password' })],
  ])('refuses it after: %s', async (_name, change) => {
    const user = await newCustomer();
    expect((await me(httpB, user.token)).status).toBe(200); // B now holds the user in its cache
    expect((await me(httpA, user.token)).status).toBe(200);
    await change(user);
    await refusedWithin(httpB, user.token);
    expectUnauthorized(await me(httpA, user.token));
  });

  it('accepts on A a token issued by B (one key, one user table)', async () => {
    const user = await newCustomer();
    const fromB = await httpB.post('/api/auth/email-login').send({ email: user.email, password: user.password });
    expectTokenResponse(fromB);
    expect((await me(httpA, fromB.body.token)).status).toBe(200);
  });
});

describe('revocations racing with other changes of the same account', () => {
  it('revoke-all is never undone by a concurrent admin rename', async () => {
    for (let i = 0; i < 15; i++) {
      const user = await newCustomer();
      const [revoke, rename] = await Promise.all([
        httpA.post('/api/auth/revoke-all').set('Authorization', bearer(user.token)),
        patch(httpB, user.id, { name: `Renamed ${i}` }),
      ]);
      expect([revoke.status, rename.status]).toEqual([204, 200]);
      await refusedWithin(httpA, user.token);
    }
  });

  it('a disable is never undone by the user\'s concurrent revoke-all', async () => {
    for (let i = 0; i < 15; i++) {
      const user = await newCustomer();
      const [disable] = await Promise.all([
        patch(httpA, user.id, { disabled: true }),
        httpB.post('/api/auth/revoke-all').set('Authorization', bearer(user.token)),
      ]);
      expect(disable.status).toBe(200);
      expect(disable.body.disabled).toBe(true);
      expectError(await httpA.post('/api/auth/email-login').send({ email: user.email, password: user.password }), 403, 'account_disabled');
    }
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  const all = [...httpA.responses, ...httpB.responses];
  expect(all.length).toBeGreaterThan(60);
  all.forEach(assertResponseHygiene);
});
