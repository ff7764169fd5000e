import { normaliseEmail } from '../../domain/user/email.js';
import type { Role } from '../../domain/user/role.js';
import { User } from '../../domain/user/user.js';
import { insertUnique } from '../auth/register.js';
import { assertAcceptablePassword } from '../auth/password-rules.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';
import { assertCanManageUsers } from './assert-can-manage-users.js';

export interface CreateUserInput {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** An admin creates an account of any role (typically staff). */
export class CreateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(actor: Principal, input: CreateUserInput): Promise<User> {
    assertCanManageUsers(actor);
    assertAcceptablePassword(input.password);
    const user = User.create({
      id: this.ids.newId(),
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      createdAt: this.clock.now(),
    });
    await insertUnique(this.users, user);
    return user;
  }
}
