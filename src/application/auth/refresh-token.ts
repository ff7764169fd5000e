import { UnauthenticatedError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { TokenIssuer } from '../ports/token-issuer.js';
import type { UserRepository } from '../ports/user-repository.js';
import { issueSession, type AuthSession } from './auth-session.js';

export interface RefreshTokenInput {
  userId: string;
  /** When the user last signed in with their password (the token's auth_time). */
  authTime: Date;
}

/**
 * A fresh token for an active session, keeping the original sign-in time, so that
 * renewing forever is impossible: past the maximum session age the user signs in again.
 */
export class RefreshToken {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenIssuer,
    private readonly clock: Clock,
    private readonly maxSessionAgeSeconds: number,
  ) {}

  async execute(input: RefreshTokenInput): Promise<AuthSession> {
    const now = this.clock.now();
    if (now.getTime() - input.authTime.getTime() > this.maxSessionAgeSeconds * 1000) {
      throw new UnauthenticatedError('The session is too old to renew; sign in again.');
    }
    const user = await this.users.findById(input.userId);
    if (!user || user.disabled) throw new UnauthenticatedError('The access token is no longer valid; sign in again.');
    return issueSession(this.tokens, user, now, input.authTime);
  }
}
