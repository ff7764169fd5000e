import { NotFoundError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { UserRepository } from '../ports/user-repository.js';

/** "Sign out everywhere": every token of the user issued until now stops working. */
export class RevokeAllTokens {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('No such user.');
    user.revokeTokens(this.clock.now());
    await this.users.update(user);
  }
}
