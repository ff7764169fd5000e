import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertResponseHygiene, bearer, checkedHttp, expectError, expectUnauthorized, type CheckedHttp } from '../support/checked-http.js';
import { claimsFor, forgeWithServerKey, signJws } from '../support/forge-token.js';
import { buildRealApp, seedAccounts, type RealApp } from '../support/real-app.js';

/**
 * SECURITY.md 2 and 3: the token comes from `Authorization: Bearer <token>` only, the
 * header is parsed strictly (RFC 6750), and key-pointing header parameters never make
 * the server fetch anything.
 */
let app: RealApp;
let http: CheckedHttp;
let token: string;
let userId: string;

beforeAll(async () => {
  app = await buildRealApp();
  http = checkedHttp(app.server);
  const { customer } = await seedAccounts(app);
  const res = await http.post('/api/auth/email-login').send(customer);
  ({ token, user: { id: userId } } = res.body);
});
afterAll(() => app?.close());

const me = (authorization?: string) => {
  const req = http.get('/api/auth/me');
  return authorization === undefined ? req : req.set('Authorization', authorization);
};

describe('Authorization header parsing', () => {
  it.each<[string, () => string]>([
    ['two spaces after the scheme', () => `Bearer  ${token}`],
    ['a lowercase scheme', () => `bearer ${token}`],
    ['an uppercase scheme', () => `BEARER ${token}`],
  ])('accepts %s', async (_name, header) => {
    expect((await me(header())).status).toBe(200);
  });

  it.each<[string, () => string]>([
    ['the scheme without a token', () => 'Bearer'],
    ['the lowercase scheme without a token', () => 'bearer'],
    ['two tokens', () => `Bearer ${token} ${token}`],
    ['"Bearer a b"', () => 'Bearer a b'],
    ['a comma-separated second credential', () => `Bearer ${token}, Bearer ${token}`],
    ['a character outside the b64token set', () => `Bearer ${token}!`],
    ['a quoted token', () => `Bearer "${token}"`],
    ['padding first', () => `Bearer =${token}`],
    ['a tab instead of a space', () => `Bearer\t${token}`],
  ])('refuses %s with 400 invalid_request', async (_name, header) => {
    const res = await me(header());
    expectError(res, 400, 'invalid_request');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_request"');
  });

  it.each<[string, () => string | undefined]>([
    ['no header', () => undefined],
    ['Basic credentials', () => 'Basic dXNlcjpwYXNzd29yZA=='],
    ['"Basic xxx"', () => 'Basic xxx'],
    ['another scheme carrying our token', () => `Token ${token}`],
    ['a bare token without a scheme', () => token],
    ['the scheme glued to the token', () => `Bearer${token}`],
  ])('answers %s with 401 and a challenge without an error', async (_name, header) => {
    expectUnauthorized(await me(header()), false);
  });

  it.each(['not-a-jwt', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.'])('answers the well-formed but bad token %s with 401 invalid_token', async (bad) => {
    expectUnauthorized(await me(bearer(bad)));
  });
});

describe('tokens anywhere but the Authorization header', () => {
  it.each(['access_token', 'token', 'jwt', 'bearer'])('ignores ?%s= in the query string', async (name) => {
    expectUnauthorized(await http.get(`/api/auth/me?${name}=${token}`), false);
  });

  it('ignores cookies', async () => {
    const cookie = `access_token=${token}; token=${token}; jwt=${token}; Authorization=Bearer%20${token}`;
    expectUnauthorized(await http.get('/api/auth/me').set('Cookie', cookie), false);
  });

  it('ignores a JSON or form body, and other headers', async () => {
    expectUnauthorized(await http.post('/api/auth/refresh').send({ access_token: token, token }), false);
    expectUnauthorized(await http.post('/api/auth/refresh').type('form').send(`access_token=${token}`), false);
    expectUnauthorized(await http.post('/api/auth/revoke-all').send({ access_token: token }), false);
    expectUnauthorized(await http.get('/api/auth/me').set('X-Access-Token', token).set('X-Auth-Token', token), false);
    expect((await me(bearer(token))).status).toBe(200); // the token itself is fine, and was never revoked
  });
});

describe('key-pointing header parameters', () => {
  let sink: Server;
  let connections = 0;
  let sinkUrl: string;

  beforeAll(async () => {
    sink = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

  it('are refused with 401 without any outbound request (fetch stubbed, a listening sink never called)', async () => {
    const fetchSpy = vi.fn(async () => {
      throw new Error('the server must not fetch keys');
    });
    vi.stubGlobal('fetch', fetchSpy);
    try {
      const attacker = generateKeyPairSync('ed25519');
      const attackerSigner = { alg: 'EdDSA' as const, key: attacker.privateKey };
      const attackerJwk = { ...(attacker.publicKey as KeyObject).export({ format: 'jwk' }), kid: 'attacker', alg: 'EdDSA' };
      const claims = () => claimsFor(app, userId);
      const tokens = [
        signJws({ typ: 'at+jwt', kid: 'attacker', jku: 'http://127.0.0.1:1/' }, claims(), attackerSigner),
        signJws({ typ: 'at+jwt', kid: app.keys.kid, jku: `${sinkUrl}/jwks.json` }, claims(), attackerSigner),
        signJws({ typ: 'at+jwt', kid: 'attacker', x5u: `${sinkUrl}/cert.pem` }, claims(), attackerSigner),
        signJws({ typ: 'at+jwt', jwk: attackerJwk }, claims(), attackerSigner),
        forgeWithServerKey(app, userId, { header: { jku: `${sinkUrl}/jwks.json` } }),
        forgeWithServerKey(app, userId, { header: { x5u: `${sinkUrl}/cert.pem` } }),
      ];
      for (const forged of tokens) expectUnauthorized(await me(bearer(forged)));
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(connections).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

it('never set a cookie nor leaked internals in any response of this file', () => {
  expect(http.responses.length).toBeGreaterThan(30);
  http.responses.forEach(assertResponseHygiene);
});
