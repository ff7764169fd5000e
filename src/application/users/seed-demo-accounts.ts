import type { Role } from '../../domain/user/role.js';
import { User } from '../../domain/user/user.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { UserRepository } from '../ports/user-repository.js';

export interface DemoAccount {
  role: Role;
  email: string;
  name: string;
  password: string;
}

const DEMO: ReadonlyArray<Omit<DemoAccount, 'password'>> = [
  { role: 'admin', email: 'admin@orderly.test', name: 'Ada Admin' },
  { role: 'staff', email: 'staff@orderly.test', name: 'Sam Staff' },
  { role: 'customer', email: 'customer@orderly.test', name: 'Cleo Customer' },
];

/**
 * One account per role so a newcomer can try every screen. Only on an empty user
 * table, so it never touches real data; returns null when it did nothing.
 */
export class SeedDemoAccounts {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(passwordFor: (role: Role) => string): Promise<DemoAccount[] | null> {
    if ((await this.users.count()) > 0) return null;
    const accounts: DemoAccount[] = [];
    for (const demo of DEMO) {
      const password = passwordFor(demo.role);
      const user = User.create({
        ...demo,
        id: this.ids.newId(),
        passwordHash: await this.hasher.hash(password),
        createdAt: this.clock.now(),
      });
      await this.users.insert(user);
      accounts.push({ ...demo, password });
    }
    return accounts;
  }
}
