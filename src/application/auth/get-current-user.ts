import type { User } from '../../domain/user/user.js';
import { NotFoundError } from '../errors.js';
import type { UserRepository } from '../ports/user-repository.js';

export class GetCurrentUser {
  constructor(private readonly users: UserRepository) {}

  async execute(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('No such user.');
    return user;
  }
}
