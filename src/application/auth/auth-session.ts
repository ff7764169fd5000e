import type { User } from '../../domain/user/user.js';
import type { TokenIssuer } from '../ports/token-issuer.js';

/** What a successful sign-in, registration, refresh or password change hands back. */
export interface AuthSession {
  token: string;
  expiresAt: Date;
  user: User;
}

/** Issues a token for `user` under its current revocation counter. */
export async function issueSession(tokens: TokenIssuer, user: User, now: Date, authTime: Date): Promise<AuthSession> {
  const issued = await tokens.issue({ userId: user.id, role: user.role, tokenVersion: user.tokenVersion, issuedAt: now, authTime });
  return { token: issued.token, expiresAt: issued.expiresAt, user };
}
