import { createHmac, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { RealApp } from './real-app.js';

/**
 * Hand-made compact JWS, so a test can produce exactly the token an attacker (or a
 * buggy peer) would, including what jose's own signer refuses to make (alg "none",
 * unknown `crit`). Signing with the server's private key isolates one claim or header
 * at a time: the same token without that one change is accepted.
 */
export type Signer =
  | { alg: 'EdDSA'; key: KeyObject }
  | { alg: 'HS256'; secret: Uint8Array | string }
  | { alg: 'ES256'; key: KeyObject }
  | { alg: 'none' };

export const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer): string {
  const input = `${b64url({ ...header, alg: signer.alg })}.${b64url(payload)}`;
  const data = Buffer.from(input);
  let signature: Buffer;
  if (signer.alg === 'EdDSA') signature = sign(null, data, signer.key);
  else if (signer.alg === 'ES256') signature = sign('sha256', data, { key: signer.key, dsaEncoding: 'ieee-p1363' });
  else if (signer.alg === 'HS256') signature = createHmac('sha256', signer.secret).update(data).digest();
  else signature = Buffer.alloc(0);
  return `${input}.${signature.toString('base64url')}`;
}

/** The server's own Ed25519 signing key (the test generated it and passed it as JWT_PRIVATE_KEY). */
export function serverSigner(app: RealApp): Signer {
  if (!app.privateJwk) throw new Error('the app has no Ed25519 private JWK');
  return { alg: 'EdDSA', key: createPrivateKey({ key: app.privateJwk as never, format: 'jwk' }) };
}

/** The claims our issuer writes for `userId` (revocation counter `ver` 0, a user never revoked), fresh now; override one to make an attack. */
export function claimsFor(app: RealApp, userId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds();
  return {
    sub: userId,
    role: 'customer',
    iss: app.config.JWT_ISSUER,
    aud: app.config.JWT_AUDIENCE,
    iat,
    exp: iat + app.config.ACCESS_TOKEN_TTL_SECONDS,
    jti: randomUUID(),
    ver: 0,
    auth_time: iat,
    ...overrides,
  };
}

/** The header our issuer writes. */
export function headerFor(app: RealApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: 'EdDSA', kid: app.keys.kid, typ: 'at+jwt', ...overrides };
}

/** A token signed with the server's key: valid unless `claims`/`header` break something. */
export function forgeWithServerKey(
  app: RealApp,
  userId: string,
  { claims = {}, header = {}, omit = [] }: { claims?: Record<string, unknown>; header?: Record<string, unknown>; omit?: string[] } = {},
): string {
  const payload = claimsFor(app, userId, claims);
  for (const name of omit) delete payload[name];
  return signJws(headerFor(app, header), payload, serverSigner(app));
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
