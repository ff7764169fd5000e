import type { Role } from '../../domain/user/role.js';
import type { User } from '../../domain/user/user.js';
import { ConflictError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';
import { assertCanManageUsers } from './assert-can-manage-users.js';
import { updateUserWithRetry } from './save-with-retry.js';

export interface UpdateUserInput {
  userId: string;
  name?: string;
  role?: Role;
  disabled?: boolean;
}

/**
 * Renames, changes the role of, or disables an account. Disabling or a role change
 * revokes the user's tokens (see User). An admin may not lock themself out.
 */
export class UpdateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Principal, input: UpdateUserInput): Promise<User> {
    assertCanManageUsers(actor);
    const demotesSelf = input.role !== undefined && input.role !== 'admin';
    if (input.userId === actor.userId && (input.disabled === true || demotesSelf)) {
      throw new ConflictError('An admin cannot disable or demote themself.');
    }
    return updateUserWithRetry(this.users, input.userId, (user) => {
      const now = this.clock.now();
      if (input.name !== undefined) user.rename(input.name.trim(), now);
      if (input.role !== undefined) user.changeRole(input.role, now);
      if (input.disabled !== undefined) user.setDisabled(input.disabled, now);
    });
  }
}
