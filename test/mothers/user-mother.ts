import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/domain/user/role.js';
import { User, type UserProps } from '../../src/domain/user/user.js';

let sequence = 0;

/** A valid user with unique email; override what the test is about. */
export function aUser(overrides: Partial<UserProps> = {}): User {
  sequence += 1;
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 10, 1, 12, 0, sequence % 60, 0));
  return User.restore({
    id: randomUUID(),
    email: `user${sequence}-${randomUUID().slice(0, 8)}@example.test`,
    name: `User ${sequence}`,
    role: 'customer' as Role,
    passwordHash: 'fake$4$hash',
    disabled: false,
    tokenVersion: 0,
    version: 0,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  });
}
