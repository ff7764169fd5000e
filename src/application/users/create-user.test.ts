import { describe, expect, it } from 'vitest';
import { principalOf } from '../../../test/mothers/principal-mother.js';
import type { Role } from '../../domain/user/role.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { IP, makeAccounts, NOW, rejectionOf } from '../testing/accounts-fixture.js';
import type { CreateUserInput } from './create-user.js';

const makeSut = async () => {
  const accounts = makeAccounts();
  const admin = principalOf(await accounts.givenUser({ role: 'admin' }));
  return { sut: accounts.useCases.createUser, admin, ...accounts };
};
const input = (overrides: Partial<CreateUserInput> = {}): CreateUserInput => ({
  email: 'sam@example.test',
  password: 'staff password',
  name: 'Sam',
  role: 'staff',
  ...overrides,
});

describe('CreateUser', () => {
  it.each<Role>(['customer', 'staff'])('refuses a %s, hashing and storing nothing', async (role) => {
    const { sut, givenUser, users, hasher } = await makeSut();
    const actor = principalOf(await givenUser({ role }));
    await rejectionOf(sut.execute(actor, input()), ForbiddenError);
    expect(await users.findByEmail('sam@example.test')).toBeNull();
    expect(hasher.calls.hash).toBe(0);
  });

  it('stores the account with the role the admin chose and a normalised email', async () => {
    const { sut, admin, users } = await makeSut();
    const created = await sut.execute(admin, input({ email: ' Sam@Example.TEST ', name: '  Sam  ' }));
    const stored = await users.findById(created.id);
    expect(stored?.toProps()).toMatchObject({ email: 'sam@example.test', name: 'Sam', role: 'staff', disabled: false, createdAt: NOW });
  });

  it('stores a password the new user can sign in with', async () => {
    const { sut, admin, useCases } = await makeSut();
    const created = await sut.execute(admin, input());
    const session = await useCases.login.execute({ email: 'sam@example.test', password: 'staff password', ip: IP });
    expect(session.user.id).toBe(created.id);
  });

  it('refuses an email already taken in another case as email_taken', async () => {
    const { sut, admin } = await makeSut();
    await sut.execute(admin, input({ email: 'sam@example.test' }));
    const err = await rejectionOf(sut.execute(admin, input({ email: 'SAM@example.test', role: 'admin' })), ConflictError);
    expect(err.code).toBe('email_taken');
  });

  it('enforces the password policy on the password field, before any hashing', async () => {
    const { sut, admin, hasher } = await makeSut();
    const err = await rejectionOf(sut.execute(admin, input({ password: '€'.repeat(25) })), ValidationError);
    expect(err.details?.map((d) => d.path)).toEqual(['password']);
    expect(hasher.calls.hash).toBe(0);
  });
});
