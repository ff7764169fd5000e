import type { Principal } from '../../src/application/principal.js';
import type { User } from '../../src/domain/user/user.js';

/** The caller as AuthenticateToken would describe `user`. */
export function principalOf(user: User): Principal {
  return { userId: user.id, name: user.name, email: user.email, role: user.role };
}
