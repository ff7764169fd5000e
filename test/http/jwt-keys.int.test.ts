import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEd25519Jwk } from '../../src/adapters/security/ed25519-jwk.js';
import { assertResponseHygiene, bearer, checkedHttp, expectTokenResponse, expectUnauthorized } from '../support/checked-http.js';
import { claimsFor, decodePart, forgeWithServerKey, signJws } from '../support/forge-token.js';
import { buildRealApp, type RealApp } from '../support/real-app.js';

/**
 * SECURITY.md 1: Ed25519 keys with a kid, published as a JWK Set, several verification
 * keys during a rotation, one signing key; no start without keys outside development;
 * HS256 only with a 32-byte secret. Each test builds (and closes) its own server.
 */
async function withApp(env: Record<string, string>, run: (app: RealApp) => Promise<void>): Promise<void> {
  const app = await buildRealApp(env);
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

const signUp = async (http: ReturnType<typeof checkedHttp>) => {
  const res = await http.post('/api/auth/register').send({ email: 'keys@example.test', password: 'a good password', name: 'Keys' });
  expectTokenResponse(res, 201);
  return res.body as { token: string; user: { id: string } };
};

describe('EdDSA key rotation', () => {
  it('signs with the current key, still verifies the previous one listed in JWT_PUBLIC_KEYS, and publishes both public keys', async () => {
    const previous = await generateEd25519Jwk();
    const { kty, crv, x, kid } = previous;
    await withApp({ JWT_PUBLIC_KEYS: JSON.stringify({ keys: [{ kty, crv, x, kid }] }) }, async (app) => {
      const http = checkedHttp(app.server);
      const { token, user } = await signUp(http);
      expect(decodePart(token, 0).kid).toBe(app.keys.kid);
      const jwks = (await http.get('/.well-known/jwks.json')).body;
      expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([app.keys.kid, kid].sort());
      expect(jwks.keys.every((k: Record<string, unknown>) => !('d' in k))).toBe(true);

      const previousSigner = { alg: 'EdDSA' as const, key: createPrivateKey({ key: previous as never, format: 'jwk' }) };
      const me = (t: string) => http.get('/api/auth/me').set('Authorization', bearer(t));
      expect((await me(signJws({ kid, typ: 'at+jwt' }, claimsFor(app, user.id), previousSigner))).status).toBe(200);
      expectUnauthorized(await me(signJws({ kid: app.keys.kid, typ: 'at+jwt' }, claimsFor(app, user.id), previousSigner)));
      expectUnauthorized(await me(forgeWithServerKey(app, user.id, { header: { kid } })));
      http.responses.forEach(assertResponseHygiene);
    });
  });
});

describe('where keys come from', () => {
  it('refuses to start in production without JWT_PRIVATE_KEY', async () => {
    await expect(buildRealApp({ NODE_ENV: 'production', BCRYPT_COST: '12', JWT_PRIVATE_KEY: '' })).rejects.toThrow(/JWT_PRIVATE_KEY/);
  });

  it('in development creates a key once under DATA_DIR (0600) and every later start uses it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-keys-'));
    const env = { NODE_ENV: 'development', BCRYPT_COST: '10', JWT_PRIVATE_KEY: '', DATA_DIR: dataDir };
    try {
      const first = await buildRealApp(env);
      try {
        const second = await buildRealApp(env, { database: first.db });
        try {
          expect(second.keys.kid).toBe(first.keys.kid);
          const { token } = await signUp(checkedHttp(first.server));
          expect((await checkedHttp(second.server).get('/api/auth/me').set('Authorization', bearer(token))).status).toBe(200);
          const file = await stat(path.join(dataDir, 'keys', 'jwt-signing-key.json'));
          expect(file.mode & 0o777).toBe(0o600);
        } finally {
          await second.close();
        }
      } finally {
        await first.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('HS256', () => {
  it('is refused with a secret shorter than 32 bytes', async () => {
    await expect(buildRealApp({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 'x'.repeat(31) })).rejects.toThrow(/JWT_SECRET/);
  });

  it('with a 32-byte secret: publishes no key at all, and refuses tokens of another secret or algorithm', async () => {
    const secret = randomBytes(32).toString('base64url');
    await withApp({ JWT_ALGORITHM: 'HS256', JWT_SECRET: secret }, async (app) => {
      const http = checkedHttp(app.server);
      expect((await http.get('/.well-known/jwks.json')).body).toEqual({ keys: [] });
      const { token, user } = await signUp(http);
      expect(decodePart(token, 0)).toMatchObject({ alg: 'HS256', kid: app.keys.kid, typ: 'at+jwt' });
      const me = (t: string) => http.get('/api/auth/me').set('Authorization', bearer(t));
      const header = { kid: app.keys.kid, typ: 'at+jwt' };
      expect((await me(signJws(header, claimsFor(app, user.id), { alg: 'HS256', secret }))).status).toBe(200);
      expectUnauthorized(await me(signJws(header, claimsFor(app, user.id), { alg: 'HS256', secret: randomBytes(32).toString('base64url') })));
      expectUnauthorized(await me(signJws(header, claimsFor(app, user.id), { alg: 'EdDSA', key: generateKeyPairSync('ed25519').privateKey })));
      expectUnauthorized(await me(signJws(header, claimsFor(app, user.id), { alg: 'none' })));
      http.responses.forEach(assertResponseHygiene);
    });
  });
});
