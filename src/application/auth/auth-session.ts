import type { User } from '../../domain/user/user.js';
import type { TokenIssuer } from '../ports/token-issuer.js';

/** What a successful sign-in, registration, refresh or password change hands back. */
export interface AuthSession {
  token: string;
  expiresAt: Date;
  user: User;
}

/** Issues a token for `user`, stamped no earlier than the user's revocation marker. */
export async function issueSession(tokens: TokenIssuer, user: User, now: Date, authTime: Date): Promise<AuthSession> {
  const issued = await tokens.issue({ userId: user.id, role: user.role, issuedAt: user.tokenIssueTime(now), authTime });
  return { token: issued.token, expiresAt: issued.expiresAt, user };
}
