import { canManageUsers } from '../../domain/user/permissions.js';
import { ForbiddenError } from '../errors.js';
import type { Principal } from '../principal.js';

/** The HTTP route already demands the admin role; the use case holds the rule itself too. */
export function assertCanManageUsers(actor: Principal): void {
  if (!canManageUsers(actor.role)) throw new ForbiddenError('Only admins may manage users.');
}
