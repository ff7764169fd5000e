import type { Clock } from '../../application/ports/clock.js';
import { InvalidTokenError, type IssuedToken, type TokenIssuer, type TokenRequest, type VerifiedToken } from '../../application/ports/token-issuer.js';
import { isRole } from '../../domain/user/role.js';

export interface FakeTokenIssuerOptions {
  clock: Clock;
  ttlSeconds?: number;
  /** Instances sharing a secret accept each other's tokens, like servers sharing a key. */
  secret?: string;
}

interface FakeClaims {
  sub: string;
  role: string;
  ver: number;
  jti: string;
  iat: number;
  exp: number;
  auth_time: number;
}

/** Same leeway as the real issuer, so use-case tests see the same expiry behaviour. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * A TokenIssuer for unit tests: no keys, no async crypto, readable tokens
 * (`fake.<base64url claims>.<checksum>`). It is honest where it matters: a token whose
 * claims were edited, or that has expired by the injected clock, is refused. The
 * checksum is not cryptographic; never use this outside tests.
 */
export class FakeTokenIssuer implements TokenIssuer {
  private issued = 0;
  private readonly ttlSeconds: number;
  private readonly secret: string;

  constructor(private readonly options: FakeTokenIssuerOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 1800;
    this.secret = options.secret ?? 'fake-token-secret';
  }

  async issue(request: TokenRequest): Promise<IssuedToken> {
    const iat = toSeconds(request.issuedAt);
    const claims: FakeClaims = {
      sub: request.userId,
      role: request.role,
      ver: request.tokenVersion,
      jti: `fake-token-${++this.issued}-${iat}`,
      iat,
      exp: iat + this.ttlSeconds,
      auth_time: toSeconds(request.authTime),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `fake.${payload}.${this.checksum(payload)}`, tokenId: claims.jti, expiresAt: new Date(claims.exp * 1000) };
  }

  async verify(token: string): Promise<VerifiedToken> {
    const [prefix, payload, checksum, ...rest] = typeof token === 'string' ? token.split('.') : [];
    if (prefix !== 'fake' || !payload || rest.length > 0) throw new InvalidTokenError('malformed');
    if (checksum !== this.checksum(payload)) throw new InvalidTokenError('checksum mismatch');
    const claims = parseClaims(payload);
    if (!isRole(claims.role)) throw new InvalidTokenError('role is not a valid role');
    if (!Number.isSafeInteger(claims.ver)) throw new InvalidTokenError('ver is not a token version');
    const now = toSeconds(this.options.clock.now());
    // The same checks, in the same order and with the same edges, as jose's exp and maxTokenAge.
    if (claims.exp <= now - CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError('expired');
    if (now - claims.iat - CLOCK_TOLERANCE_SECONDS > this.ttlSeconds) throw new InvalidTokenError('too old');
    if (now - claims.iat < -CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError('issued in the future');
    return {
      userId: claims.sub,
      role: claims.role,
      tokenVersion: claims.ver,
      tokenId: claims.jti,
      issuedAt: new Date(claims.iat * 1000),
      expiresAt: new Date(claims.exp * 1000),
      authTime: new Date(claims.auth_time * 1000),
    };
  }

  /** FNV-1a over secret and payload: enough to notice an edited payload in a test. */
  private checksum(payload: string): string {
    let hash = 0x811c9dc5;
    for (const char of `${this.secret}.${payload}`) {
      hash ^= char.codePointAt(0)!;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(36);
  }
}

function parseClaims(payload: string): FakeClaims {
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as FakeClaims;
  } catch {
    throw new InvalidTokenError('malformed claims');
  }
}

function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
