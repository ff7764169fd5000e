import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertResponseHygiene, bearer, checkedHttp, expectError, expectTokenResponse, expectUnauthorized, type CheckedHttp } from '../support/checked-http.js';
import { b64url, claimsFor, decodePart, forgeWithServerKey, headerFor, nowSeconds, serverSigner, signJws } from '../support/forge-token.js';
import { buildRealApp, notifyUserChanged, seedAccounts, type RealApp } from '../support/real-app.js';

/**
 * SECURITY.md 1, 2 and 4 from the outside: every token below is refused with 401
 * invalid_token, and each differs from an accepted one in exactly one respect (the
 * forgeries that use the server's own private key prove that the rule, not the
 * signature, refuses them).
 */
let app: RealApp;
let http: CheckedHttp;
let customerId: string;
let customerToken: string;
let adminToken: string;

beforeAll(async () => {
  app = await buildRealApp({ MAX_SESSION_AGE_SECONDS: '300' });
  http = checkedHttp(app.server);
  const { customer, admin } = await seedAccounts(app);
  const signIn = async (email: string, password: string) => (await http.post('/api/auth/email-login').send({ email, password })).body;
  ({ token: customerToken, user: { id: customerId } } = await signIn(customer.email, customer.password));
  adminToken = (await signIn(admin.email, admin.password)).token;
});
afterAll(() => app?.close());

const me = (token: string) => http.get('/api/auth/me').set('Authorization', bearer(token));
const users = (token: string) => http.get('/api/users').set('Authorization', bearer(token));
const forge = (options: Parameters<typeof forgeWithServerKey>[2] = {}) => forgeWithServerKey(app, customerId, options);
const part = (i: number) => customerToken.split('.')[i]!;
const [h, p, s] = [() => part(0), () => part(1), () => part(2)];
const otherEd25519 = () => ({ alg: 'EdDSA' as const, key: generateKeyPairSync('ed25519').privateKey });
const publicJwk = () => ({ kty: 'OKP', crv: 'Ed25519', x: app.privateJwk!.x, kid: app.keys.kid, alg: 'EdDSA', use: 'sig' });
const ago = (seconds: number) => nowSeconds() - seconds;

describe('tokens the server accepts (the controls of every forgery below)', () => {
  it('accepts its own login token and a token signed with its key carrying the same claims', async () => {
    expect((await me(customerToken)).status).toBe(200);
    expect((await me(forge())).status).toBe(200);
    expect((await me(forge({ claims: { exp: ago(10), iat: ago(10 + 1800) } }))).status).toBe(200); // within the 30 s tolerance
  });

  it('takes the role from the database: a validly signed admin claim on a customer gets 403, /me says customer', async () => {
    const claimsAdmin = forge({ claims: { role: 'admin' } });
    expectError(await users(claimsAdmin), 403, 'forbidden');
    expect((await me(claimsAdmin)).body.user.role).toBe('customer');
    expectError(await users(customerToken), 403, 'forbidden');
    expect((await users(adminToken)).status).toBe(200);
  });
});

describe('tokens the server refuses with 401 invalid_token', () => {
  const cases: Array<[string, () => string]> = [
    ['alg none, no signature', () => signJws(headerFor(app), claimsFor(app, customerId), { alg: 'none' })],
    ['alg none, server claims kept', () => `${b64url({ alg: 'none', typ: 'at+jwt', kid: app.keys.kid })}.${p()}.`],
    ['payload changed to role admin, signature kept', () => `${h()}.${b64url({ ...decodePart(customerToken, 1), role: 'admin' })}.${s()}`],
    ['payload changed to another user, signature kept', () => `${h()}.${b64url({ ...decodePart(customerToken, 1), sub: randomUUID() })}.${s()}`],
    ['signature stripped', () => `${h()}.${p()}.`],
    ['signature and its dot stripped', () => `${h()}.${p()}`],
    ['signature of another token', () => `${h()}.${p()}.${forge().split('.')[2]}`],
    ['HS256 keyed with the public JWK JSON', () => signJws(headerFor(app), claimsFor(app, customerId), { alg: 'HS256', secret: JSON.stringify(publicJwk()) })],
    ['HS256 keyed with the raw public key bytes', () => signJws(headerFor(app), claimsFor(app, customerId), { alg: 'HS256', secret: Buffer.from(app.privateJwk!.x!, 'base64url') })],
    ['HS256 keyed with the x string', () => signJws(headerFor(app), claimsFor(app, customerId), { alg: 'HS256', secret: app.privateJwk!.x! })],
    ['ES256 by a foreign key under our kid', () => signJws(headerFor(app), claimsFor(app, customerId), { alg: 'ES256', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey })],
    ['another Ed25519 key under our kid', () => signJws(headerFor(app), claimsFor(app, customerId), otherEd25519())],
    ['another Ed25519 key under its own kid', () => signJws(headerFor(app, { kid: 'attacker' }), claimsFor(app, customerId), otherEd25519())],
    ['our key under an unknown kid', () => forge({ header: { kid: 'rotated-away' } })],
    ['our key under a kid naming a file', () => forge({ header: { kid: '../../../../etc/passwd' } })],
    ['our key without a kid', () => signJws({ typ: 'at+jwt' }, claimsFor(app, customerId), serverSigner(app))],
    ['wrong issuer', () => forge({ claims: { iss: 'https://evil.example' } })],
    ['wrong audience', () => forge({ claims: { aud: 'another-api' } })],
    ['typ JWT instead of at+jwt', () => forge({ header: { typ: 'JWT' } })],
    ['no typ', () => signJws({ kid: app.keys.kid }, claimsFor(app, customerId), serverSigner(app))],
    ['expired 40 s ago (beyond the 30 s tolerance)', () => forge({ claims: { exp: ago(40), iat: ago(40 + 1800) } })],
    ['issued longer ago than the lifetime, far-off exp', () => forge({ claims: { iat: ago(1800 + 60), exp: nowSeconds() + 3600 } })],
    ['not valid before a minute from now', () => forge({ claims: { nbf: nowSeconds() + 60 } })],
    ['no exp', () => forge({ omit: ['exp'] })],
    ['no iat', () => forge({ omit: ['iat'] })],
    ['no sub', () => forge({ omit: ['sub'] })],
    ['no jti', () => forge({ omit: ['jti'] })],
    ['a role that does not exist', () => forge({ claims: { role: 'superuser' } })],
    ['no ver (revocation counter)', () => forge({ omit: ['ver'] })],
    ['a ver the user is not at', () => forge({ claims: { ver: 1 } })],
    ['a negative ver', () => forge({ claims: { ver: -1 } })],
    ['ver as a string', () => forge({ claims: { ver: '0' } })],
    ['a user that does not exist', () => forgeWithServerKey(app, randomUUID())],
    ['jku header (our key)', () => forge({ header: { jku: 'http://127.0.0.1:1/jwks.json' } })],
    ['x5u header (our key)', () => forge({ header: { x5u: 'http://127.0.0.1:1/cert.pem' } })],
    ['jwk header with our own public key (our key)', () => forge({ header: { jwk: publicJwk() } })],
    ['x5c header (our key)', () => forge({ header: { x5c: ['MIIB'] } })],
    ['unknown crit extension (our key)', () => forge({ header: { crit: ['exp-ext'], 'exp-ext': true } })],
    ['over 4 KiB', () => forge({ claims: { padding: 'x'.repeat(5000) } })],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const token = make();
    expectUnauthorized(await me(token));
    expectUnauthorized(await users(token));
  });
});

describe('the session and the user behind a valid signature', () => {
  const refresh = (token: string) => http.post('/api/auth/refresh').set('Authorization', bearer(token));

  it('refreshes a session younger than MAX_SESSION_AGE_SECONDS (300), keeping its auth_time', async () => {
    const authTime = ago(200);
    const res = await refresh(forge({ claims: { auth_time: authTime } }));
    expectTokenResponse(res);
    expect(decodePart(res.body.token, 1).auth_time).toBe(authTime);
  });

  it('refuses with 401 to refresh a session older than that, though its fresh token still works', async () => {
    const old = forge({ claims: { auth_time: ago(301) } });
    expect((await me(old)).status).toBe(200);
    const res = await refresh(old);
    expectError(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="api"/);
  });

  const signUp = async () => {
    const email = `someone-${randomUUID()}@example.test`;
    const res = await http.post('/api/auth/register').send({ email, password: 'a good password', name: 'Someone' });
    return res.body as { token: string; user: { id: string } };
  };

  const deleteInSql = (id: string) => app.db.sequelize.query('DELETE FROM users WHERE id = :id', { replacements: { id } });

  it('refuses the token of a user deleted in SQL at once after a NOTIFY', async () => {
    const { token, user } = await signUp();
    expect((await me(token)).status).toBe(200); // now in the user cache
    await deleteInSql(user.id);
    await notifyUserChanged(app, user.id);
    await new Promise((resolve) => setTimeout(resolve, 200)); // NOTIFY arrives within milliseconds
    expectUnauthorized(await me(token));
  });

  it('refuses the token of a user deleted in SQL without a NOTIFY within the 5 s cache bound', async () => {
    const { token, user } = await signUp();
    expect((await me(token)).status).toBe(200);
    await deleteInSql(user.id);
    const deleted = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - deleted < 8000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await http.get('/api/auth/me').set('Authorization', bearer(token))).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - deleted).toBeLessThan(6000); // the 5 s TTL, one poll and a request
  });

  it('reads the role from the database on every request, whatever the token says', async () => {
    const { token, user } = await signUp();
    const setRole = async (role: string) => {
      await app.db.sequelize.query('UPDATE users SET role = :role WHERE id = :id', { replacements: { role, id: user.id } });
      await notifyUserChanged(app, user.id);
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    expectError(await users(token), 403, 'forbidden');
    await setRole('admin'); // no revocation (ver unchanged) on purpose: only the role lookup is under test
    expect((await users(token)).status).toBe(200);
    expect((await me(token)).body.user.role).toBe('admin');
    await setRole('customer');
    expectError(await users(token), 403, 'forbidden');
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  expect(http.responses.length).toBeGreaterThan(80);
  http.responses.forEach(assertResponseHygiene);
});
