import { UnauthenticatedError } from '../errors.js';
import type { Principal } from '../principal.js';
import { InvalidTokenError, type TokenIssuer, type VerifiedToken } from '../ports/token-issuer.js';
import type { UserRepository } from '../ports/user-repository.js';

export interface Authenticated {
  principal: Principal;
  token: VerifiedToken;
}

/**
 * Turns a bearer token into the caller: the signature and claims must verify, and the
 * user must still exist, be enabled, and not have revoked tokens issued before this
 * one. The role comes from the database, never from the token.
 */
export class AuthenticateToken {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly users: UserRepository,
  ) {}

  async execute(rawToken: string): Promise<Authenticated> {
    let token: VerifiedToken;
    try {
      token = await this.tokens.verify(rawToken);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthenticatedError('The access token is invalid or has expired.');
      throw err;
    }
    const user = await this.users.findById(token.userId);
    if (!user || !user.acceptsToken(token.tokenVersion)) {
      throw new UnauthenticatedError('The access token is no longer valid; sign in again.');
    }
    return { principal: { userId: user.id, name: user.name, email: user.email, role: user.role }, token };
  }
}
