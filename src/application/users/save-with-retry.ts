import type { User } from '../../domain/user/user.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { UserRepository } from '../ports/user-repository.js';

const ATTEMPTS = 3;

/**
 * Load, change, save over the version read; when another write got in between, start
 * again from the fresh row so neither change is lost. Cheap changes only (no hashing).
 */
export async function updateUserWithRetry(users: UserRepository, userId: string, change: (user: User) => void): Promise<User> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const user = await users.findById(userId);
    if (!user) throw new NotFoundError('No such user.');
    change(user);
    if (await users.update(user)) return user;
  }
  throw new ConflictError('The account is being changed by someone else right now; please try again.');
}
