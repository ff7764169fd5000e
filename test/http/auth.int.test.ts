import { createLocalJWKSet, jwtVerify } from 'jose';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PasswordHasher } from '../../src/application/ports/password-hasher.js';
import { TOKENS } from '../../src/tokens.js';
import { assertResponseHygiene, bearer, checkedHttp, expectError, expectTokenResponse, expectUnauthorized, expectUser, multiBytePassword, type CheckedHttp } from '../support/checked-http.js';
import { decodePart } from '../support/forge-token.js';
import { buildRealApp, seedAccounts, type RealApp, type SeededAccount } from '../support/real-app.js';

/** The Auth table of API.md on the real stack: PostgreSQL, jose/Ed25519, bcrypt workers. */
let app: RealApp;
let http: CheckedHttp;
let customer: SeededAccount;
let admin: SeededAccount;

beforeAll(async () => {
  app = await buildRealApp();
  http = checkedHttp(app.server);
  ({ customer, admin } = await seedAccounts(app));
});
afterAll(() => app?.close());

let sequence = 0;
const uniqueEmail = () => `person${++sequence}@example.test`;
const register = (body: Record<string, unknown>) => http.post('/api/auth/register').send(body);
const login = (email: string, password: string) => http.post('/api/auth/email-login').send({ email, password });
const me = (token: string) => http.get('/api/auth/me').set('Authorization', bearer(token));
const signUp = async (password = 'a good password') => {
  const email = uniqueEmail();
  const res = await register({ email, password, name: 'Pat' });
  expect(res.status, res.text).toBe(201);
  return { email, password, token: res.body.token as string, id: res.body.user.id as string };
};

describe('POST /api/auth/register', () => {
  it('creates a customer (email trimmed and lowercased, name trimmed) and answers 201 with a token response', async () => {
    const res = await register({ email: '  Nia.New@Example.TEST ', password: 'a good password', name: '  Nia New ' });
    expectTokenResponse(res, 201);
    expect(res.body.user).toMatchObject({ email: 'nia.new@example.test', name: 'Nia New', role: 'customer' });
    const ttlMs = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttlMs).toBeGreaterThan((app.config.ACCESS_TOKEN_TTL_SECONDS - 60) * 1000);
    expect(ttlMs).toBeLessThanOrEqual(app.config.ACCESS_TOKEN_TTL_SECONDS * 1000);
    expect((await me(res.body.token)).body).toEqual({ user: res.body.user });
  });

  it('issues an EdDSA at+jwt with a kid and only the documented claims, nothing private', async () => {
    const { token, id } = await signUp();
    expect(decodePart(token, 0)).toEqual({ alg: 'EdDSA', kid: app.keys.kid, typ: 'at+jwt' });
    const claims = decodePart(token, 1);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'auth_time', 'exp', 'iat', 'iss', 'jti', 'role', 'sub', 'ver']);
    expect(claims).toMatchObject({ sub: id, role: 'customer', iss: app.config.JWT_ISSUER, aud: app.config.JWT_AUDIENCE, ver: 0 });
    expect((claims.exp as number) - (claims.iat as number)).toBe(app.config.ACCESS_TOKEN_TTL_SECONDS);
  });

  it('answers 409 email_taken for an existing email, whatever its case and spaces', async () => {
    expectError(await register({ email: ` ${customer.email.toUpperCase()} `, password: 'a good password', name: 'Copy' }), 409, 'email_taken');
  });

  it('refuses a role in the body with 422, and no admin comes to be', async () => {
    const email = uniqueEmail();
    const res = await register({ email, password: 'a good password', name: 'Mallory', role: 'admin' });
    expectError(res, 422, 'validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ message: expect.stringContaining('role') })]);
    expectError(await login(email, 'a good password'), 401, 'invalid_credentials');
    const adminToken = (await login(admin.email, admin.password)).body.token as string;
    const list = await http.get(`/api/users?q=${encodeURIComponent(email)}`).set('Authorization', bearer(adminToken));
    expect(list.body.items).toEqual([]);
  });

  it('counts the password in UTF-8 bytes: 8..72 accepted, 73 (multi-byte) is 422, never truncated', async () => {
    const post = (password: string) => register({ email: uniqueEmail(), password, name: 'Bytes' });
    expect(multiBytePassword(73)).toHaveLength(25); // 25 characters, 73 bytes
    expectError(await post(multiBytePassword(73)), 422, 'validation_failed');
    expectError(await post('é'.repeat(3) + 'a'), 422, 'validation_failed'); // 4 characters, 7 bytes
    expect((await post('é'.repeat(4))).status).toBe(201); // 4 characters, 8 bytes
    const longest = await signUp(multiBytePassword(72));
    expectTokenResponse(await login(longest.email, multiBytePassword(72)));
    // bcrypt would have ignored the 73rd byte; the server refuses instead of matching.
    expectError(await login(longest.email, `${multiBytePassword(72)}a`), 422, 'validation_failed');
  });

  it('answers 422 for a bad email, a blank or too long name, NUL, missing or unknown fields', async () => {
    const good = { email: uniqueEmail(), password: 'a good password', name: 'Ok' };
    for (const body of [
      { ...good, email: 'not-an-email' },
      { ...good, name: '   ' },
      { ...good, name: 'n'.repeat(101) },
      { ...good, name: 'a\u0000b' },
      { ...good, password: 'a good\u0000password' },
      { email: good.email, password: good.password },
      { ...good, tokensValidAfter: '2000-01-01T00:00:00.000Z' },
    ]) {
      expectError(await register(body), 422, 'validation_failed');
    }
    expectError(await http.post('/api/auth/register').set('Content-Type', 'application/json').send('{"email":'), 400, 'invalid_json');
    expectError(await http.post('/api/auth/register').set('Content-Type', 'text/plain').send('x'), 415, 'unsupported_media_type');
  });
});

describe('POST /api/auth/email-login', () => {
  it('answers 200 with a token response; the email is trimmed and case-insensitive', async () => {
    const res = await login(`  ${customer.email.toUpperCase()}  `, customer.password);
    expectTokenResponse(res);
    expect(res.body.user).toMatchObject({ email: customer.email, role: 'customer' });
  });

  it('answers an unknown email and a wrong password identically (status, body, headers)', async () => {
    const comparable = (res: request.Response) => {
      const { date: _date, 'x-request-id': _id, ...headers } = res.headers;
      const { requestId: _requestId, ...error } = res.body.error;
      return { status: res.status, headers, error };
    };
    const unknown = await login('nobody-here@example.test', customer.password);
    const wrong = await login(customer.email, 'not the password');
    expectError(unknown, 401, 'invalid_credentials');
    expect(unknown.headers['www-authenticate']).toBeUndefined();
    expect(comparable(unknown)).toEqual(comparable(wrong));
  });

  it('checks a password over 72 bytes, and a malformed body, with 422 before any hashing', async () => {
    const hasher = app.container.get<PasswordHasher>(TOKENS.PasswordHasher);
    const verify = vi.spyOn(hasher, 'verify');
    try {
      expectError(await login(customer.email, multiBytePassword(73)), 422, 'validation_failed');
      expectError(await http.post('/api/auth/email-login').send({ email: customer.email }), 422, 'validation_failed');
      expectError(await http.post('/api/auth/email-login').send({ ...customer, role: 'admin' }), 422, 'validation_failed');
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });
});

describe('bearer endpoints', () => {
  it('GET /api/auth/me answers 200 { user } with exactly the user keys, no-store', async () => {
    const { token, id } = await signUp();
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body)).toEqual(['user']);
    expectUser(res.body.user);
    expect(res.body.user.id).toBe(id);
  });

  it('each answers 401 with a bare challenge without a token', async () => {
    expectUnauthorized(await http.get('/api/auth/me'), false);
    expectUnauthorized(await http.post('/api/auth/refresh'), false);
    expectUnauthorized(await http.put('/api/auth/password').send({ currentPassword: 'a', newPassword: 'b' }), false);
    expectUnauthorized(await http.post('/api/auth/revoke-all'), false);
  });

  it('POST /api/auth/refresh answers a fresh token that keeps the original sign-in time', async () => {
    const { token } = await signUp();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later iat/exp
    const res = await http.post('/api/auth/refresh').set('Authorization', bearer(token));
    expectTokenResponse(res);
    const [before, after] = [decodePart(token, 1), decodePart(res.body.token, 1)];
    expect(after.exp).toBeGreaterThan(before.exp as number);
    expect(after.jti).not.toBe(before.jti);
    expect(after.auth_time).toBe(before.auth_time);
    expect((await me(res.body.token)).status).toBe(200);
  });

  it('PUT /api/auth/password answers a token response; every older token and the old password stop working', async () => {
    const user = await signUp('old password 1');
    const second = (await login(user.email, user.password)).body.token as string;
    const put = (token: string, body: Record<string, string>) => http.put('/api/auth/password').set('Authorization', bearer(token)).send(body);
    const wrong = await put(user.token, { currentPassword: 'not it at all', newPassword: 'new password 1' });
    expectError(wrong, 422, 'validation_failed');
    expect(wrong.body.error.details).toEqual([{ path: 'currentPassword', message: 'is incorrect' }]);
    expectError(await put(user.token, { currentPassword: user.password, newPassword: multiBytePassword(73) }), 422, 'validation_failed');
    expectError(await put(user.token, { currentPassword: user.password, newPassword: 'short' }), 422, 'validation_failed');
    const res = await put(user.token, { currentPassword: user.password, newPassword: 'new password 1' });
    expectTokenResponse(res);
    expectUnauthorized(await me(user.token));
    expectUnauthorized(await me(second));
    expect((await me(res.body.token)).status).toBe(200);
    expectError(await login(user.email, user.password), 401, 'invalid_credentials');
    expectTokenResponse(await login(user.email, 'new password 1'));
  });

  it('POST /api/auth/revoke-all answers 204; every token issued before stops working, a new sign-in works at once', async () => {
    const user = await signUp();
    const second = (await login(user.email, user.password)).body.token as string;
    const res = await http.post('/api/auth/revoke-all').set('Authorization', bearer(user.token));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectUnauthorized(await me(user.token));
    expectUnauthorized(await me(second));
    const fresh = (await login(user.email, user.password)).body.token as string;
    expect((await me(fresh)).status).toBe(200);
    expect(decodePart(fresh, 1).ver).toBe((decodePart(user.token, 1).ver as number) + 1);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public verification key with its kid and nothing private, and it verifies our tokens', async () => {
    const res = await http.get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const { kty, crv, x, kid } = app.privateJwk!;
    expect(res.body).toEqual({ keys: [{ kty, crv, x, kid, alg: 'EdDSA', use: 'sig' }] });
    expect(res.text).not.toContain(app.privateJwk!.d);
    const { token } = await signUp();
    const { payload } = await jwtVerify(token, createLocalJWKSet(res.body), { issuer: app.config.JWT_ISSUER, audience: app.config.JWT_AUDIENCE });
    expect(payload.role).toBe('customer');
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  expect(http.responses.length).toBeGreaterThan(40);
  http.responses.forEach(assertResponseHygiene);
});
