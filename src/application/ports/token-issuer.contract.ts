import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { InvalidTokenError, type TokenIssuer, type TokenRequest } from './token-issuer.js';

export interface TokenIssuerFixture {
  issuer: TokenIssuer;
  /** The clock the issuer verifies against; the suite moves it. */
  clock: { set(date: Date): void };
  /** The lifetime the issuer was built with, so the suite can check expiresAt. */
  ttlSeconds: number;
}

/** A clock tests can move; hand it to the issuer as its Clock. */
export class SettableClock implements Clock {
  constructor(private current = new Date('2026-11-28T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

const ISSUED_AT = new Date('2026-11-28T12:00:00.000Z');
const SECOND = 1000;

/**
 * The promises of TokenIssuer, run against every implementation. Tokens are assumed to
 * be three dot-separated parts with the claims as base64url JSON in the middle (a
 * compact JWS, or the fake's look-alike), so the suite can edit claims the way an
 * attacker would.
 */
export function tokenIssuerContract(name: string, setup: () => Promise<TokenIssuerFixture>) {
  describe(`${name} (TokenIssuer contract)`, () => {
    let fixture: TokenIssuerFixture;
    const request = (overrides: Partial<TokenRequest> = {}): TokenRequest => ({
      userId: 'c0ffee00-0000-4000-8000-000000000001',
      role: 'staff',
      tokenVersion: 4,
      issuedAt: ISSUED_AT,
      authTime: new Date(ISSUED_AT.getTime() - 3600 * SECOND),
      ...overrides,
    });
    const rejects = (token: string) => expect(fixture.issuer.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);

    beforeEach(async () => {
      fixture = await setup();
      fixture.clock.set(ISSUED_AT);
    });

    it('verifies an issued token and round-trips its claims', async () => {
      const issued = await fixture.issuer.issue(request());
      expect(issued.expiresAt).toEqual(new Date(ISSUED_AT.getTime() + fixture.ttlSeconds * SECOND));
      expect(await fixture.issuer.verify(issued.token)).toEqual({
        userId: request().userId,
        role: 'staff',
        tokenVersion: 4,
        tokenId: issued.tokenId,
        issuedAt: ISSUED_AT,
        expiresAt: issued.expiresAt,
        authTime: request().authTime,
      });
    });

    it('rejects a token whose claims were edited (role raised, subject swapped)', async () => {
      const { token } = await fixture.issuer.issue(request({ role: 'customer' }));
      await rejects(editClaims(token, { role: 'admin' }));
      await rejects(editClaims(token, { sub: 'c0ffee00-0000-4000-8000-000000000002' }));
    });

    it('accepts a token 10 s past expiry (clock tolerance) but not 31 s past', async () => {
      const { token, expiresAt } = await fixture.issuer.issue(request());
      fixture.clock.set(new Date(expiresAt.getTime() + 10 * SECOND));
      await expect(fixture.issuer.verify(token)).resolves.toMatchObject({ userId: request().userId });
      fixture.clock.set(new Date(expiresAt.getTime() + 31 * SECOND));
      await rejects(token);
    });

    it('rejects strings that are not its tokens', async () => {
      for (const garbage of ['', 'garbage', 'a.b.c', '...', 'Bearer x.y.z', 'eyJhbGciOiJub25lIn0.e30.']) {
        await rejects(garbage);
      }
    });

    it('gives every token its own id', async () => {
      const first = await fixture.issuer.issue(request());
      const second = await fixture.issuer.issue(request());
      expect(first.tokenId).not.toBe(second.tokenId);
      expect(first.token).not.toBe(second.token);
    });
  });
}

function editClaims(token: string, changes: Record<string, unknown>): string {
  const [head, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const edited = Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url');
  return [head, edited, signature].join('.');
}
