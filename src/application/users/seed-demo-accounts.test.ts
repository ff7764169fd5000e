import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/user/role.js';
import { IP, makeAccounts } from '../testing/accounts-fixture.js';

const passwordFor = (role: Role) => `demo ${role} password`;
const makeSut = () => {
  const accounts = makeAccounts();
  return { sut: accounts.useCases.seedDemoAccounts, ...accounts };
};

describe('SeedDemoAccounts', () => {
  it('creates an admin, a staff member and a customer on an empty repository', async () => {
    const { sut, users } = makeSut();
    const accounts = await sut.execute(passwordFor);
    expect(accounts?.map((a) => [a.role, a.password])).toEqual([
      ['admin', 'demo admin password'],
      ['staff', 'demo staff password'],
      ['customer', 'demo customer password'],
    ]);
    expect(await users.count()).toBe(3);
    for (const account of accounts!) expect((await users.findByEmail(account.email))?.role).toBe(account.role);
  });

  it('gives each account the password it was handed', async () => {
    const { sut, useCases } = makeSut();
    const accounts = await sut.execute(passwordFor);
    for (const { email, password, role } of accounts!) {
      const session = await useCases.login.execute({ email, password, ip: IP });
      expect(session.user.role).toBe(role);
    }
  });

  it('does nothing and returns null once any user exists', async () => {
    const { sut, givenUser, users, hasher } = makeSut();
    await givenUser();
    expect(await sut.execute(passwordFor)).toBeNull();
    expect(await users.count()).toBe(1);
    expect(hasher.calls.hash).toBe(0);
  });
});
