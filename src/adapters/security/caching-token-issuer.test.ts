import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { SettableClock, tokenIssuerContract } from '../../application/ports/token-issuer.contract.js';
import { InvalidTokenError, type TokenIssuer, type TokenRequest, type VerifiedToken } from '../../application/ports/token-issuer.js';
import { CachingTokenIssuer } from './caching-token-issuer.js';
import { FakeTokenIssuer } from './fake-token-issuer.js';
import { edDsaFixture } from './testing/jose-fixtures.js';

const TTL_SECONDS = 900;
const SECOND = 1000;
const ISSUED_AT = new Date('2026-11-28T12:00:00.000Z');

tokenIssuerContract('CachingTokenIssuer over FakeTokenIssuer', async () => {
  const clock = new SettableClock();
  const inner = new FakeTokenIssuer({ clock, ttlSeconds: TTL_SECONDS });
  return { issuer: new CachingTokenIssuer(inner, { clock, maxEntries: 100, maxTokenAgeSeconds: TTL_SECONDS }), clock, ttlSeconds: TTL_SECONDS };
});

tokenIssuerContract('CachingTokenIssuer over JoseTokenIssuer', async () => {
  const f = await edDsaFixture();
  return { ...f, issuer: new CachingTokenIssuer(f.issuer, { clock: f.clock, maxEntries: 100, maxTokenAgeSeconds: f.ttlSeconds }) };
});

describe('CachingTokenIssuer', () => {
  let clock: SettableClock;
  let inner: FakeTokenIssuer;
  let verify: MockInstance<TokenIssuer['verify']>;
  const build = (maxEntries = 100) => new CachingTokenIssuer(inner, { clock, maxEntries, maxTokenAgeSeconds: TTL_SECONDS });
  const request = (userId = 'c0ffee00-0000-4000-8000-000000000001'): TokenRequest => ({
    userId,
    role: 'customer',
    tokenVersion: 0,
    issuedAt: ISSUED_AT,
    authTime: ISSUED_AT,
  });
  const tokenFor = async (userId?: string) => (await inner.issue(request(userId))).token;

  beforeEach(() => {
    clock = new SettableClock(ISSUED_AT);
    inner = new FakeTokenIssuer({ clock, ttlSeconds: TTL_SECONDS });
    verify = vi.spyOn(inner, 'verify');
  });

  it('verifies a token once, then answers from the cache with the same claims', async () => {
    const issuer = build();
    const token = await tokenFor();
    const first = await issuer.verify(token);
    clock.set(new Date(ISSUED_AT.getTime() + 60 * SECOND));
    expect(await issuer.verify(token)).toEqual(first);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('never caches a token that failed, so each attempt is verified again', async () => {
    const issuer = build();
    const forged = `${await tokenFor()}x`;
    await expect(issuer.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(issuer.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('does not serve an entry once the token has expired: the inner issuer decides again', async () => {
    const issuer = build();
    const token = await tokenFor();
    await issuer.verify(token);
    // At exp the inner issuer still accepts (clock tolerance) but the cache must not answer.
    clock.set(new Date(ISSUED_AT.getTime() + TTL_SECONDS * SECOND));
    await issuer.verify(token);
    expect(verify).toHaveBeenCalledTimes(2);
    clock.set(new Date(ISSUED_AT.getTime() + (TTL_SECONDS + 31) * SECOND));
    await expect(issuer.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('does not serve an entry past iat + the token lifetime, even when exp says later', async () => {
    const claims: VerifiedToken = {
      userId: 'c0ffee00-0000-4000-8000-000000000001',
      role: 'customer',
      tokenVersion: 0,
      tokenId: 'long-lived',
      issuedAt: ISSUED_AT,
      expiresAt: new Date(ISSUED_AT.getTime() + 10 * TTL_SECONDS * SECOND),
      authTime: ISSUED_AT,
    };
    const stub: TokenIssuer = { issue: () => Promise.reject(new Error('unused')), verify: vi.fn(async () => claims) };
    const issuer = new CachingTokenIssuer(stub, { clock, maxEntries: 10, maxTokenAgeSeconds: TTL_SECONDS });
    await issuer.verify('t');
    clock.set(new Date(ISSUED_AT.getTime() + TTL_SECONDS * SECOND));
    await issuer.verify('t');
    expect(stub.verify).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries tokens, forgetting the least recently used', async () => {
    const issuer = build(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => tokenFor(`c0ffee00-0000-4000-8000-00000000000${n}`)));
    await issuer.verify(a!);
    await issuer.verify(b!);
    await issuer.verify(a!); // a is now the most recent; b is the oldest
    await issuer.verify(c!); // evicts b
    expect(verify).toHaveBeenCalledTimes(3);
    await issuer.verify(a!);
    await issuer.verify(c!);
    expect(verify).toHaveBeenCalledTimes(3);
    await issuer.verify(b!);
    expect(verify).toHaveBeenCalledTimes(4);
  });

  it('hands out copies, so a caller cannot change what later callers get', async () => {
    const issuer = build();
    const token = await tokenFor();
    const first = await issuer.verify(token);
    first.authTime.setTime(0);
    (first as { role: string }).role = 'admin';
    const again = await issuer.verify(token);
    again.issuedAt.setTime(0);
    expect(await issuer.verify(token)).toMatchObject({ role: 'customer', authTime: ISSUED_AT, issuedAt: ISSUED_AT });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('issues through the inner issuer', async () => {
    const issue = vi.spyOn(inner, 'issue');
    await build().issue(request());
    expect(issue).toHaveBeenCalledTimes(1);
  });
});
