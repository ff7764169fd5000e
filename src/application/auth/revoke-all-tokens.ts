import { updateUserWithRetry } from '../users/save-with-retry.js';
import type { Clock } from '../ports/clock.js';
import type { UserRepository } from '../ports/user-repository.js';

/** "Sign out everywhere": every token of the user issued until now stops working. */
export class RevokeAllTokens {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string): Promise<void> {
    await updateUserWithRetry(this.users, userId, (user) => user.revokeTokens(this.clock.now()));
  }
}
