import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type CryptoKey, type JWTPayload, type JWTVerifyOptions, type KeyObject } from 'jose';
import type { Clock } from '../../application/ports/clock.js';
import { InvalidTokenError, type IssuedToken, type TokenIssuer, type TokenRequest, type VerifiedToken } from '../../application/ports/token-issuer.js';
import { isRole } from '../../domain/user/role.js';
import type { JwtKeyMaterial } from './jwt-keys.js';

export interface JoseTokenIssuerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock: Clock;
}

/** RFC 8725 3.5: clocks drift, but never by more than this. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** Header parameters that point at keys or demand extensions; we only ever trust our own keys. */
const FORBIDDEN_HEADER_PARAMS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];
/** Our tokens are a few hundred bytes; refusing huge input keeps parsing cheap. */
const MAX_TOKEN_LENGTH = 4096;

type Verification =
  | { kind: 'jwks'; keys: ReturnType<typeof createLocalJWKSet> }
  | { kind: 'secret'; key: Promise<CryptoKey> };

/** Signs access tokens with jose and verifies them against local keys only (no network, no files). */
export class JoseTokenIssuer implements TokenIssuer {
  private readonly signingKey: Promise<CryptoKey | KeyObject>;
  private readonly verification: Verification;

  constructor(
    private readonly keys: JwtKeyMaterial,
    private readonly options: JoseTokenIssuerOptions,
  ) {
    if (keys.alg === 'EdDSA') {
      this.signingKey = Promise.resolve(keys.signingKey);
      // A local set keyed by kid: several verification keys during a rotation, one signing key.
      this.verification = { kind: 'jwks', keys: createLocalJWKSet(keys.verificationJwks) };
    } else {
      // Imported once: jose would otherwise import raw secret bytes again on every call.
      const hmacKey = crypto.subtle.importKey('raw', keys.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      hmacKey.catch(() => undefined); // surfaced by the first issue()/verify(), not as an unhandled rejection
      this.signingKey = hmacKey;
      this.verification = { kind: 'secret', key: hmacKey };
    }
  }

  async issue(request: TokenRequest): Promise<IssuedToken> {
    const issuedAt = toSeconds(request.issuedAt);
    const expiresAt = issuedAt + this.options.ttlSeconds;
    const tokenId = randomUUID();
    const token = await new SignJWT({ role: request.role, ver: request.tokenVersion, auth_time: toSeconds(request.authTime) })
      .setProtectedHeader({ alg: this.keys.alg, kid: this.keys.kid, typ: 'at+jwt' })
      .setSubject(request.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(tokenId)
      .sign(await this.signingKey);
    return { token, tokenId, expiresAt: new Date(expiresAt * 1000) };
  }

  async verify(token: string): Promise<VerifiedToken> {
    this.refuseDangerousHeader(token);
    const options: JWTVerifyOptions = {
      algorithms: [this.keys.alg],
      issuer: this.options.issuer,
      audience: this.options.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      maxTokenAge: this.options.ttlSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: this.options.clock.now(),
    };
    let payload: JWTPayload;
    try {
      const verification = this.verification;
      ({ payload } =
        verification.kind === 'jwks'
          ? await jwtVerify(token, verification.keys, options)
          : await jwtVerify(token, await verification.key, options));
    } catch (error) {
      // Never let a jose error escape: callers must see one error type, and the reason is for logs only.
      throw new InvalidTokenError(error instanceof errors.JOSEError ? error.code : 'verification failed');
    }
    return toVerifiedToken(payload);
  }

  /** Checked before any key lookup, so these parameters can never steer verification. */
  private refuseDangerousHeader(token: string): void {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('malformed');
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidTokenError('malformed header');
    }
    const forbidden = FORBIDDEN_HEADER_PARAMS.find((name) => Object.hasOwn(header, name));
    if (forbidden) throw new InvalidTokenError(`forbidden header parameter ${forbidden}`);
    if (header.kid !== this.keys.kid && (this.keys.alg === 'HS256' || typeof header.kid !== 'string')) {
      throw new InvalidTokenError('unknown kid');
    }
  }
}

function toVerifiedToken(payload: JWTPayload): VerifiedToken {
  const { sub, role, jti, iat, exp, ver, auth_time: authTime = iat } = payload;
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('sub is not a string');
  if (!isRole(role)) throw new InvalidTokenError('role is not a valid role');
  if (typeof jti !== 'string' || jti === '') throw new InvalidTokenError('jti is not a string');
  if (typeof ver !== 'number' || !Number.isSafeInteger(ver) || ver < 0) throw new InvalidTokenError('ver is not a token version');
  // jose has checked that iat and exp are numbers; auth_time is ours to check.
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) throw new InvalidTokenError('auth_time is not a number');
  return {
    userId: sub,
    role,
    tokenVersion: ver,
    tokenId: jti,
    issuedAt: new Date(iat! * 1000),
    expiresAt: new Date(exp! * 1000),
    authTime: new Date(authTime * 1000),
  };
}

function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
