import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_USER_KEYS, assertResponseHygiene, bearer, checkedHttp, expectError, expectTokenResponse, expectUnauthorized, expectUser, multiBytePassword, type CheckedHttp } from '../support/checked-http.js';
import { decodePart } from '../support/forge-token.js';
import { buildRealApp, seedAccounts, type RealApp, type SeededAccount } from '../support/real-app.js';

/** The Users table of API.md (admin only) and the token rules it drives (SECURITY.md 4). */
let app: RealApp;
let http: CheckedHttp;
let accounts: Record<'admin' | 'staff' | 'customer', SeededAccount>;
let adminToken: string;
let adminId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await buildRealApp();
  http = checkedHttp(app.server);
  accounts = await seedAccounts(app);
  for (const [role, { email, password }] of Object.entries(accounts)) tokens[role] = (await login(email, password)).body.token;
  adminToken = tokens.admin!;
  adminId = (await me(adminToken)).body.user.id;
});
afterAll(() => app?.close());

const login = (email: string, password: string) => http.post('/api/auth/email-login').send({ email, password });
const me = (token: string) => http.get('/api/auth/me').set('Authorization', bearer(token));
const list = (query = '', token = adminToken) => http.get(`/api/users${query}`).set('Authorization', bearer(token));
const create = (body: Record<string, unknown>, token = adminToken) => http.post('/api/users').set('Authorization', bearer(token)).send(body);
const patch = (id: string, body: Record<string, unknown>, token = adminToken) => http.patch(`/api/users/${id}`).set('Authorization', bearer(token)).send(body);
let sequence = 0;
const newUser = async (role = 'customer', name = 'Una User') => {
  const email = `user${++sequence}@example.test`;
  const res = await create({ email, password: 'a good password', name, role });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id as string, email, password: 'a good password', token: (await login(email, 'a good password')).body.token as string };
};
const expectAdminUser = (res: request.Response, status = 200) => {
  expect(res.status, res.text).toBe(status);
  expectUser(res.body, ADMIN_USER_KEYS);
};

describe('who may call', () => {
  it('refuses customers and staff with 403 on every route and changes nothing, anonymous callers with 401', async () => {
    const target = await newUser();
    for (const role of ['customer', 'staff']) {
      expectError(await list('', tokens[role]), 403, 'forbidden');
      expectError(await create({ email: `by-${role}@example.test`, password: 'a good password', name: 'X', role: 'admin' }, tokens[role]), 403, 'forbidden');
      expectError(await patch(target.id, { role: 'admin' }, tokens[role]), 403, 'forbidden');
      expectError(await login(`by-${role}@example.test`, 'a good password'), 401, 'invalid_credentials');
    }
    expect((await me(target.token)).body.user.role).toBe('customer');
    expectUnauthorized(await http.get('/api/users'), false);
    expectUnauthorized(await http.post('/api/users').send({}), false);
    expectUnauthorized(await http.patch(`/api/users/${target.id}`).send({ name: 'x' }), false);
  });
});

describe('GET /api/users', () => {
  it('answers { items, nextCursor } of admin user objects, newest first', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
    res.body.items.forEach((item: Record<string, unknown>) => expectUser(item, ADMIN_USER_KEYS));
    const times = res.body.items.map((u: { createdAt: string }) => u.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages with limit and cursor: every user once, in order, nextCursor null at the end', async () => {
    for (let i = 0; i < 4; i++) await newUser();
    const everyone = (await list('?limit=100')).body.items.map((u: { id: string }) => u.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.items.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everyone);
  });

  it('filters by role, and q matches email or name case-insensitively, wildcards literally', async () => {
    const odd = await newUser('staff', 'Zebediah Quux');
    expect((await list('?role=staff')).body.items.every((u: { role: string }) => u.role === 'staff')).toBe(true);
    expect((await list('?q=zebediah')).body.items.map((u: { id: string }) => u.id)).toEqual([odd.id]);
    expect((await list(`?q=${odd.email.toUpperCase()}`)).body.items.map((u: { id: string }) => u.id)).toEqual([odd.id]);
    expect((await list('?q=%25')).body.items).toEqual([]);
    expect((await list('?q=_')).body.items).toEqual([]);
  });

  const forgedCursor = (at: string, id: string) => `?cursor=${Buffer.from(JSON.stringify([at, id])).toString('base64url')}`;
  it.each([
    '?limit=0', '?limit=101', '?limit=abc', '?role=superuser', '?sort=email', '?cursor=not-a-cursor', `?q=${'q'.repeat(101)}`, '?q=a%00b',
    forgedCursor('2026-01-01T00:00:00.000Z', "x' OR 1=1 --"), forgedCursor('+275760-09-13T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'),
  ])(
    'answers %s with 422',
    async (query) => expectError(await list(query), 422, 'validation_failed'),
  );
});

describe('POST /api/users', () => {
  it('creates a user of the given role: 201 admin user object; they sign in with that role', async () => {
    const res = await create({ email: ' New.Staff@Example.TEST ', password: 'staff password', name: ' Stan ', role: 'staff' });
    expectAdminUser(res, 201);
    expect(res.body).toMatchObject({ email: 'new.staff@example.test', name: 'Stan', role: 'staff', disabled: false });
    const session = await login('new.staff@example.test', 'staff password');
    expectTokenResponse(session);
    expect(session.body.user.role).toBe('staff');
    expect(decodePart(session.body.token, 1).role).toBe('staff');
  });

  it('answers 409 email_taken for an existing email in any case', async () => {
    expectError(await create({ email: accounts.customer.email.toUpperCase(), password: 'a good password', name: 'Dup', role: 'staff' }), 409, 'email_taken');
  });

  it.each<[string, Record<string, unknown>]>([
    ['no role', { role: undefined }],
    ['an unknown role', { role: 'root' }],
    ['a 73-byte password', { password: multiBytePassword(73) }],
    ['a 7-byte password', { password: 'seven77' }],
    ['a password hash', { passwordHash: '$2b$04$abcdefghijklmnopqrstuuN7Xh0p1sJwG7D1e4E0r1a2b3c4d5e6f7' }],
    ['disabled', { disabled: true }],
    ['an id', { id: '00000000-0000-4000-8000-000000000000' }],
    ['a bad email', { email: 'nope' }],
  ])('answers a body with %s with 422', async (_name, change) => {
    expectError(await create({ email: `bad${++sequence}@example.test`, password: 'a good password', name: 'Bad', role: 'staff', ...change }), 422, 'validation_failed');
  });
});

describe('PATCH /api/users/:id', () => {
  it('renames (trimmed) without ending the user\'s sessions', async () => {
    const user = await newUser();
    const res = await patch(user.id, { name: '  Renamed  ' });
    expectAdminUser(res);
    expect(res.body).toMatchObject({ id: user.id, name: 'Renamed', role: 'customer', disabled: false });
    expect((await me(user.token)).body.user.name).toBe('Renamed');
  });

  it('changes the role: the older token is refused, a new sign-in carries the new role', async () => {
    const user = await newUser('customer');
    expectAdminUser(await patch(user.id, { role: 'staff' }));
    expectUnauthorized(await me(user.token));
    const staffToken = (await login(user.email, user.password)).body.token;
    expect(decodePart(staffToken, 1).role).toBe('staff');
    expect((await me(staffToken)).body.user.role).toBe('staff');
    expectError(await list('', staffToken), 403, 'forbidden');
    await patch(user.id, { role: 'admin' });
    expectUnauthorized(await list('', staffToken));
    expect((await list('', (await login(user.email, user.password)).body.token)).status).toBe(200);
  });

  it('disables: tokens refused, sign-in 403 only after the right password; enabling again lets them sign in', async () => {
    const user = await newUser();
    expect((await patch(user.id, { disabled: true })).body.disabled).toBe(true);
    expectUnauthorized(await me(user.token));
    expectError(await login(user.email, user.password), 403, 'account_disabled');
    const wrong = await login(user.email, 'not the password');
    const unknown = await login('no-such-user@example.test', 'not the password');
    expectError(wrong, 401, 'invalid_credentials');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect((await list(`?q=${user.email}`)).body.items[0].disabled).toBe(true);
    expect((await patch(user.id, { disabled: false })).body.disabled).toBe(false);
    expectTokenResponse(await login(user.email, user.password));
    expectUnauthorized(await me(user.token)); // revoked for good by the disable
  });

  it('refuses with 409 an admin disabling or demoting themself, and leaves them admin', async () => {
    expectError(await patch(adminId, { disabled: true }), 409, 'conflict');
    expectError(await patch(adminId, { role: 'staff' }), 409, 'conflict');
    expectAdminUser(await patch(adminId, { role: 'admin', name: 'Ada A.' }));
    expect((await list()).status).toBe(200);
  });

  it('lets an admin demote another admin', async () => {
    const other = await newUser('admin');
    expect((await patch(other.id, { role: 'staff' })).body.role).toBe('staff');
    expectUnauthorized(await list('', other.token));
  });

  it('answers an unknown or malformed id with 404', async () => {
    expectError(await patch('00000000-0000-4000-8000-000000000000', { name: 'x' }), 404, 'not_found');
    expectError(await patch('not-a-uuid', { name: 'x' }), 404, 'not_found');
  });

  it.each<[string, Record<string, unknown>]>([
    ['an empty body', {}],
    ['an email', { email: 'new@example.test' }],
    ['a password', { password: 'a good password' }],
    ['a passwordHash', { passwordHash: 'x' }],
    ['tokensValidAfter', { tokensValidAfter: '2000-01-01T00:00:00.000Z' }],
    ['disabled as a string', { disabled: 'true' }],
    ['a role with an unknown field', { role: 'staff', createdAt: '2000-01-01T00:00:00.000Z' }],
  ])('answers %s with 422 and changes nothing', async (_name, body) => {
    const user = await newUser();
    expectError(await patch(user.id, body), 422, 'validation_failed');
    expect((await me(user.token)).body.user.role).toBe('customer');
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  expect(http.responses.length).toBeGreaterThan(100);
  http.responses.forEach(assertResponseHygiene);
});
