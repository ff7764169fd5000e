import { randomBytes } from 'node:crypto';
import { SignJWT, type CryptoKey, type JWK, type KeyObject, type JWTHeaderParameters, type JWTPayload, type SignOptions } from 'jose';
import { SettableClock } from '../../../application/ports/token-issuer.contract.js';
import { generateEd25519Jwk } from '../ed25519-jwk.js';
import { JoseTokenIssuer } from '../jose-token-issuer.js';
import { loadJwtKeys, type JwtKeyConfig, type JwtKeyMaterial } from '../jwt-keys.js';

export const ISSUER = 'orderly-test';
export const AUDIENCE = 'orderly-api-test';
export const TTL_SECONDS = 900;
export const NOW = new Date('2026-11-28T12:00:00.000Z');
export const USER_ID = 'c0ffee00-0000-4000-8000-000000000001';
/** Keys come from configuration here, so loading must never touch this directory. */
const UNUSED_DATA_DIR = '/nonexistent/orderly-data';

export interface JoseFixture {
  issuer: JoseTokenIssuer;
  clock: SettableClock;
  ttlSeconds: number;
  keys: JwtKeyMaterial;
}

export interface EdDsaFixture extends JoseFixture {
  privateJwk: JWK;
  signingKey: CryptoKey | KeyObject;
}

export async function edDsaFixture(config: Partial<JwtKeyConfig> = {}): Promise<EdDsaFixture> {
  const privateJwk = await generateEd25519Jwk();
  const keys = await loadJwtKeys(
    { JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: JSON.stringify(privateJwk), NODE_ENV: 'test', ...config },
    { dataDir: UNUSED_DATA_DIR },
  );
  if (keys.alg !== 'EdDSA') throw new Error('expected EdDSA key material');
  return { ...issuerOver(keys), privateJwk, signingKey: keys.signingKey };
}

export async function hs256Fixture(secret = randomBytes(32).toString('base64url')): Promise<JoseFixture> {
  const keys = await loadJwtKeys({ JWT_ALGORITHM: 'HS256', JWT_SECRET: secret, NODE_ENV: 'test' }, { dataDir: UNUSED_DATA_DIR });
  return issuerOver(keys);
}

function issuerOver(keys: JwtKeyMaterial): JoseFixture {
  const clock = new SettableClock(NOW);
  const issuer = new JoseTokenIssuer(keys, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL_SECONDS, clock });
  return { issuer, clock, ttlSeconds: TTL_SECONDS, keys };
}

export const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The claims our issuer would write at NOW; attacks change one thing at a time. */
export function validClaims(): JWTPayload {
  const iat = seconds(NOW);
  return { sub: USER_ID, role: 'customer', iss: ISSUER, aud: AUDIENCE, iat, exp: iat + TTL_SECONDS, jti: 'forged-1', ver: 0, auth_time: iat };
}

/** Signs whatever an attacker (or a buggy peer) would, bypassing the issuer's own checks. */
export function forge(
  key: CryptoKey | KeyObject | Uint8Array,
  { claims = validClaims(), header = {}, options }: { claims?: JWTPayload; header?: Partial<JWTHeaderParameters>; options?: SignOptions },
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...header }).sign(key, options);
}

export const base64urlJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
