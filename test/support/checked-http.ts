import request from 'supertest';
import { expect } from 'vitest';
import type { RequestListener } from './real-app.js';

/**
 * A supertest client that checks every response it ever gets against the rules that
 * hold everywhere (SECURITY.md 18, API.md general rules): no Set-Cookie, an
 * X-Request-Id, the error envelope on every non-2xx, nothing internal in an error body,
 * and never a password hash or revocation marker in any body. `responses` keeps them all,
 * so a file can also assert over everything it saw.
 */
export interface CheckedHttp {
  get(path: string): request.Test;
  post(path: string): request.Test;
  put(path: string): request.Test;
  patch(path: string): request.Test;
  delete(path: string): request.Test;
  readonly responses: readonly request.Response[];
}

/** A stack frame, a source path, SQL, or a driver's words: none belong in an error body. */
const INTERNALS =
  /\n\s+at |\bat [\w.<>$]+ \(|[\\/][\w.-]+\.(?:ts|js|mjs|cjs)\b|node_modules|\/(?:work|home|tmp|usr|var)\/|\b(?:SELECT|INSERT INTO|DELETE FROM)\b|\bUPDATE \w+ SET\b|\bWHERE\b|sequelize|postgres|SQLSTATE|syntax error|relation "|"stack"|\bstack\b/i;
const BCRYPT_HASH = /\$2[aby]\$\d\d\$/;
const PRIVATE_FIELDS = /passwordHash|password_hash|tokensValidAfter|tokens_valid_after/;

export function assertResponseHygiene(res: request.Response): void {
  const where = `${res.status} ${(res as unknown as { req?: { method?: string; path?: string } }).req?.method ?? ''} ${(res as unknown as { req?: { path?: string } }).req?.path ?? ''}`;
  expect(res.headers['set-cookie'], `Set-Cookie on ${where}`).toBeUndefined();
  expect(res.headers['x-request-id'], `X-Request-Id on ${where}`).toMatch(/\S/);
  expect(res.text ?? '', `a password hash in ${where}`).not.toMatch(BCRYPT_HASH);
  // Error details may echo a key the client sent (e.g. "Unrecognized key"), so only success bodies are checked for these.
  if (res.status < 400) {
    expect(res.text ?? '', `private fields in ${where}`).not.toMatch(PRIVATE_FIELDS);
    return;
  }
  expect(res.headers['content-type'], `content type of ${where}`).toMatch(/^application\/json; charset=utf-8/);
  expect(res.body, `envelope of ${where}`).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestId: res.headers['x-request-id'] }),
  });
  expect(Object.keys(res.body.error).filter((k) => !['code', 'message', 'details', 'requestId'].includes(k)), `extra error keys on ${where}`).toEqual([]);
  expect(res.text, `internals in the error body of ${where}`).not.toMatch(INTERNALS);
}

export function checkedHttp(server: RequestListener): CheckedHttp {
  const responses: request.Response[] = [];
  const agent = request(server);
  const check = (test: request.Test) =>
    test.expect((res: request.Response) => {
      responses.push(res);
      assertResponseHygiene(res);
    });
  return {
    get: (path) => check(agent.get(path)),
    post: (path) => check(agent.post(path)),
    put: (path) => check(agent.put(path)),
    patch: (path) => check(agent.patch(path)),
    delete: (path) => check(agent.delete(path)),
    responses,
  };
}

export const bearer = (token: string) => `Bearer ${token}`;

export const USER_KEYS = ['createdAt', 'email', 'id', 'name', 'role'];
export const ADMIN_USER_KEYS = [...USER_KEYS, 'disabled'].sort();
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The contract's user object: exactly these keys (admin views add `disabled`). */
export function expectUser(user: Record<string, unknown>, keys = USER_KEYS): void {
  expect(Object.keys(user).sort()).toEqual([...keys].sort());
  expect(user.id).toMatch(UUID);
  expect(user.createdAt).toMatch(ISO_UTC);
  expect(['customer', 'staff', 'admin']).toContain(user.role);
  if (keys.includes('disabled')) expect(typeof user.disabled).toBe('boolean');
}

/** `{ token, tokenType: 'Bearer', expiresAt, user }`, uncacheable. */
export function expectTokenResponse(res: request.Response, status = 200): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
  expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'token', 'tokenType', 'user']);
  expect(res.body.tokenType).toBe('Bearer');
  expect(res.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(res.body.expiresAt).toMatch(ISO_UTC);
  expectUser(res.body.user);
}

export function expectError(res: request.Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error.code).toBe(code);
}

/** 401 on a protected route: with error="invalid_token" when a token was sent, without when none was. */
export function expectUnauthorized(res: request.Response, tokenSent = true): void {
  expectError(res, 401, 'unauthorized');
  expect(res.headers['www-authenticate']).toBe(tokenSent ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"');
}

/** A password of exactly `bytes` UTF-8 bytes made of multi-byte characters (€ is 3 bytes, é is 2). */
export function multiBytePassword(bytes: number): string {
  const euros = '€'.repeat(Math.floor(bytes / 3));
  const rest = bytes % 3;
  const password = euros + (rest === 2 ? 'é' : rest === 1 ? 'a' : '');
  if (Buffer.byteLength(password) !== bytes) throw new Error('miscounted');
  return password;
}
