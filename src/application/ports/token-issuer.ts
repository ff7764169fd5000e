import type { Role } from '../../domain/user/role.js';

export interface TokenRequest {
  userId: string;
  role: Role;
  /** The user's revocation counter (User.tokenVersion), carried as the `ver` claim. */
  tokenVersion: number;
  /** The `iat` to stamp. */
  issuedAt: Date;
  /** When the user last proved their password; carried across refreshes to cap a session's age. */
  authTime: Date;
}

export interface IssuedToken {
  token: string;
  tokenId: string;
  expiresAt: Date;
}

export interface VerifiedToken {
  userId: string;
  role: Role;
  tokenVersion: number;
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
  authTime: Date;
}

/** Thrown by verify() for any token that must not be accepted; the reason is for logs only. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** Issues and verifies access tokens. Verification never trusts anything the token says about how to verify it. */
export interface TokenIssuer {
  issue(request: TokenRequest): Promise<IssuedToken>;
  /** Resolves the claims of a valid token; rejects with InvalidTokenError otherwise. */
  verify(token: string): Promise<VerifiedToken>;
}
