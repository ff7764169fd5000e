import { generateKeyPairSync } from 'node:crypto';
import type { JWTHeaderParameters, JWTPayload, SignOptions } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tokenIssuerContract } from '../../application/ports/token-issuer.contract.js';
import { InvalidTokenError } from '../../application/ports/token-issuer.js';
import { publicJwks } from './jwt-keys.js';
import { base64urlJson, edDsaFixture, forge, hs256Fixture, NOW, seconds, TTL_SECONDS, USER_ID, validClaims, type EdDsaFixture } from './testing/jose-fixtures.js';

tokenIssuerContract('JoseTokenIssuer with EdDSA', () => edDsaFixture());
tokenIssuerContract('JoseTokenIssuer with HS256', () => hs256Fixture());

/** SECURITY.md 2: each test forges one defect into an otherwise valid token. */
describe('JoseTokenIssuer refuses forged and foreign tokens', () => {
  let f: EdDsaFixture;
  const request = { userId: USER_ID, role: 'customer' as const, tokenVersion: 0, issuedAt: NOW, authTime: NOW };
  const rejects = (token: string) => expect(f.issuer.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  /** Signed with OUR private key and kid, so only the named defect can cause a rejection. */
  const ours = (claims: JWTPayload = validClaims(), header: Partial<JWTHeaderParameters> = {}, options?: SignOptions) =>
    forge(f.signingKey, { claims, header: { kid: f.keys.kid, ...header }, options });
  const without = (claim: string) => Object.fromEntries(Object.entries(validClaims()).filter(([name]) => name !== claim));

  beforeEach(async () => {
    f = await edDsaFixture();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('accepts the baseline forgery, so every rejection below is down to its one defect', async () => {
    await expect(f.issuer.verify(await ours())).resolves.toMatchObject({ userId: USER_ID, tokenId: 'forged-1' });
  });

  it('rejects an unsigned token (alg none)', async () => {
    await rejects([base64urlJson({ alg: 'none', typ: 'at+jwt', kid: f.keys.kid }), base64urlJson(validClaims()), ''].join('.'));
  });

  it('rejects HS256 tokens keyed with our public key (algorithm confusion)', async () => {
    const publicJwk = publicJwks(f.keys).keys[0]!;
    for (const secret of [JSON.stringify(publicJwk), Buffer.from(publicJwk.x!, 'base64url'), publicJwk.x!]) {
      const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : new Uint8Array(secret);
      await rejects(await forge(key, { header: { alg: 'HS256', kid: f.keys.kid } }));
    }
  });

  it("rejects a token signed by an attacker's key under our kid", async () => {
    const attackerKey = generateKeyPairSync('ed25519').privateKey;
    await rejects(await forge(attackerKey, { header: { kid: f.keys.kid } }));
  });

  it('rejects a token with its signature stripped', async () => {
    const [head, payload] = (await f.issuer.issue(request)).token.split('.');
    await rejects(`${head}.${payload}.`);
    await rejects(`${head}.${payload}`);
  });

  it('rejects a wrong issuer, audience or type', async () => {
    await rejects(await ours({ ...validClaims(), iss: 'https://evil.example' }));
    await rejects(await ours({ ...validClaims(), aud: 'another-api' }));
    await rejects(await ours(validClaims(), { typ: 'JWT' }));
    await rejects(await ours(validClaims(), { typ: undefined }));
  });

  it('rejects a token without exp, jti, kid or sub, or with a non-string sub', async () => {
    await rejects(await ours(without('exp')));
    await rejects(await ours(validClaims(), { kid: undefined }));
    await rejects(await ours(without('jti')));
    await rejects(await ours(without('sub')));
    await rejects(await ours({ ...validClaims(), sub: 42 as unknown as string }));
  });

  it('rejects a missing or unknown role', async () => {
    await rejects(await ours(without('role')));
    await rejects(await ours({ ...validClaims(), role: 'superuser' }));
  });

  it('reads a missing auth_time as iat', async () => {
    await expect(f.issuer.verify(await ours(without('auth_time')))).resolves.toMatchObject({ authTime: NOW });
  });

  it.each(['jku', 'x5u', 'jwk', 'x5c'])('rejects a %s header even when our key signed it, fetching nothing', async (param) => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('no network in verify')));
    vi.stubGlobal('fetch', fetchSpy);
    const values: Record<string, unknown> = {
      jku: 'https://evil.example/jwks.json',
      x5u: 'https://evil.example/cert.pem',
      jwk: publicJwks(f.keys).keys[0],
      x5c: ['MIIBszCCAVmgAwIBAgIUEvil'],
    };
    await rejects(await ours(validClaims(), { [param]: values[param] }));
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('rejects an unknown crit extension', async () => {
    const header = { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true };
    await rejects(await ours(validClaims(), header, { crit: { 'urn:example:must-understand': true } }));
  });

  it('rejects a token whose iat is older than the lifetime, even with a forged later exp', async () => {
    const iat = seconds(NOW) - 2 * TTL_SECONDS;
    await rejects(await ours({ ...validClaims(), iat, auth_time: iat, exp: seconds(NOW) + TTL_SECONDS }));
  });

  it('accepts tokens of a rotated-out key while its public half is listed in JWT_PUBLIC_KEYS, and not after', async () => {
    const old = await edDsaFixture();
    const { token } = await old.issuer.issue(request);
    const rotated = await edDsaFixture({ JWT_PUBLIC_KEYS: JSON.stringify(publicJwks(old.keys)) });
    await expect(rotated.issuer.verify(token)).resolves.toMatchObject({ userId: USER_ID });
    const retired = await edDsaFixture({ JWT_PRIVATE_KEY: JSON.stringify(rotated.privateJwk) });
    await expect(retired.issuer.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await retired.issuer.verify((await rotated.issuer.issue(request)).token)).toMatchObject({ userId: USER_ID });
  });
});

describe('JoseTokenIssuer with HS256', () => {
  const secret = 'a-test-secret-of-at-least-32-bytes-length';
  const request = { userId: USER_ID, role: 'admin' as const, tokenVersion: 0, issuedAt: NOW, authTime: NOW };
  const sameSecret = new TextEncoder().encode(secret);

  it('rejects tokens made with another secret', async () => {
    const [ours, theirs] = [await hs256Fixture(secret), await hs256Fixture()];
    await expect(ours.issuer.verify((await theirs.issuer.issue(request)).token)).rejects.toBeInstanceOf(InvalidTokenError);
    const forged = await forge(new TextEncoder().encode('x'.repeat(32)), { header: { alg: 'HS256', kid: ours.keys.kid } });
    await expect(ours.issuer.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('rejects our secret under another algorithm (HS512) or another kid', async () => {
    const { issuer, keys } = await hs256Fixture(secret);
    const control = await forge(sameSecret, { header: { alg: 'HS256', kid: keys.kid } });
    await expect(issuer.verify(control)).resolves.toMatchObject({ userId: USER_ID });
    const hs512 = await forge(sameSecret, { header: { alg: 'HS512', kid: keys.kid } });
    await expect(issuer.verify(hs512)).rejects.toBeInstanceOf(InvalidTokenError);
    const otherKid = await forge(sameSecret, { header: { alg: 'HS256', kid: 'hs256-previous' } });
    await expect(issuer.verify(otherKid)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
