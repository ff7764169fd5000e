import type { Role } from '../../domain/user/role.js';
import type { User } from '../../domain/user/user.js';
import type { Page, UserRepository } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';
import { assertCanManageUsers } from './assert-can-manage-users.js';

export interface ListUsersInput {
  limit: number;
  cursor?: string;
  role?: Role;
  q?: string;
}

export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  async execute(actor: Principal, input: ListUsersInput): Promise<Page<User>> {
    assertCanManageUsers(actor);
    return this.users.list(input);
  }
}
