import type { AuthSession } from '../../application/auth/auth-session.js';
import type { User } from '../../domain/user/user.js';

/** The contract's user object: never the password hash, never the revocation marker. */
export function userDto(user: User) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}

export function adminUserDto(user: User) {
  return { ...userDto(user), disabled: user.disabled };
}

export function tokenResponse(session: AuthSession) {
  return { token: session.token, tokenType: 'Bearer' as const, expiresAt: session.expiresAt.toISOString(), user: userDto(session.user) };
}
