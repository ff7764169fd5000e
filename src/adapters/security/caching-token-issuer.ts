import { hash } from 'node:crypto';
import type { Clock } from '../../application/ports/clock.js';
import type { IssuedToken, TokenIssuer, TokenRequest, VerifiedToken } from '../../application/ports/token-issuer.js';
import { LruCache } from '../caching/lru-cache.js';

export interface CachingTokenIssuerOptions {
  clock: Clock;
  /** Tokens remembered at most; the least recently used is forgotten first. */
  maxEntries: number;
  /** The issuer's token lifetime (its maxTokenAge): a hit is never served past iat + this. */
  maxTokenAgeSeconds: number;
}

/**
 * Remembers the claims of tokens that verified, so a client sending the same token again
 * skips the signature check. Sound because a given string's signature and claims never
 * change: the answer can only turn from "valid" to "expired", and every hit checks the
 * clock against exp (and iat + lifetime) before it is served, with no clock tolerance.
 * Only valid tokens are remembered, so garbage cannot fill the cache; the bound caps memory.
 * Revocation is not the issuer's business: AuthenticateToken still loads the user for
 * every request and checks the revocation marker, disabled flag and role.
 * Verification keys are fixed for the life of the process (a rotation is a restart),
 * so a cached answer never outlives the key that produced it.
 * Keys are SHA-256 digests, so the cache itself holds no bearer tokens.
 */
export class CachingTokenIssuer implements TokenIssuer {
  private readonly verified: LruCache<string, VerifiedToken>;

  constructor(
    private readonly inner: TokenIssuer,
    private readonly options: CachingTokenIssuerOptions,
  ) {
    this.verified = new LruCache(options.maxEntries);
  }

  issue(request: TokenRequest): Promise<IssuedToken> {
    return this.inner.issue(request);
  }

  async verify(token: string): Promise<VerifiedToken> {
    if (typeof token !== 'string') return this.inner.verify(token);
    const key = hash('sha256', token, 'base64'); // one-shot: half the cost of createHash().update().digest()
    const hit = this.verified.get(key);
    if (hit) {
      if (this.stillValid(hit)) return copy(hit);
      this.verified.delete(key);
    }
    const verified = await this.inner.verify(token);
    if (this.stillValid(verified)) this.verified.set(key, copy(verified));
    return verified;
  }

  private stillValid(token: VerifiedToken): boolean {
    const now = this.options.clock.now().getTime();
    const notAfter = Math.min(token.expiresAt.getTime(), token.issuedAt.getTime() + this.options.maxTokenAgeSeconds * 1000);
    return now < notAfter;
  }
}

/** Callers get their own Dates, so nothing they do can change what the cache holds. */
function copy(token: VerifiedToken): VerifiedToken {
  return {
    ...token,
    issuedAt: new Date(token.issuedAt),
    expiresAt: new Date(token.expiresAt),
    authTime: new Date(token.authTime),
  };
}
