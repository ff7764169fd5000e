import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';

/**
 * Signs access tokens with the servers' own key, as the server would (same claims), so a
 * benchmark can act as hundreds of users without hundreds of bcrypt sign-ins.
 */
export async function tokenSigner(privateJwk: JWK, issuer = 'orderly', audience = 'orderly-api') {
  const key = await importJWK(privateJwk, 'EdDSA');
  return (userId: string, role: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ role, ver: 0, auth_time: now })
      .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid!, typ: 'at+jwt' })
      .setSubject(userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 1800)
      .setJti(randomUUID())
      .sign(key);
  };
}
