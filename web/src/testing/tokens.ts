import type { Role, TokenResponse, User } from '../api/types';

const base64Url = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An unsigned JWT-shaped token: the SPA only decodes payloads, the server verifies. */
export function makeToken(claims: { sub?: string; role?: Role; exp?: number; iat?: number; jti?: string } = {}): string {
  const iat = claims.iat ?? nowSeconds();
  const payload = { sub: 'u-1', role: 'customer', exp: iat + 30 * 60, jti: Math.random().toString(36).slice(2), ...claims, iat };
  return `${base64Url({ alg: 'EdDSA', typ: 'at+jwt', kid: 'k1' })}.${base64Url(payload)}.c2lnbmF0dXJl`;
}

export function aUser(overrides: Partial<User> = {}): User {
  return { id: 'u-1', email: 'ann@example.test', name: 'Ann Customer', role: 'customer', createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
}

export function aTokenResponse(user: User = aUser(), ttlSeconds = 30 * 60): TokenResponse {
  const iat = nowSeconds();
  const exp = iat + ttlSeconds;
  return { token: makeToken({ sub: user.id, role: user.role, iat, exp }), tokenType: 'Bearer', expiresAt: new Date(exp * 1000).toISOString(), user };
}
