import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { principalOf } from '../../../test/mothers/principal-mother.js';
import type { Role } from '../../domain/user/role.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import { makeAccounts, rejectionOf, SECOND } from '../testing/accounts-fixture.js';

const makeSut = async () => {
  const accounts = makeAccounts();
  const adminUser = await accounts.givenUser({ role: 'admin', name: 'Ada' });
  return { sut: accounts.useCases.updateUser, adminUser, admin: principalOf(adminUser), ...accounts };
};

describe('UpdateUser', () => {
  it.each<Role>(['customer', 'staff'])('refuses a %s and changes nothing', async (role) => {
    const { sut, givenUser, users } = await makeSut();
    const actor = principalOf(await givenUser({ role }));
    const target = await givenUser({ name: 'Target' });
    await rejectionOf(sut.execute(actor, { userId: target.id, name: 'Hacked' }), ForbiddenError);
    expect((await users.findById(target.id))?.name).toBe('Target');
  });

  it('does not let an admin disable themself', async () => {
    const { sut, admin, users } = await makeSut();
    await rejectionOf(sut.execute(admin, { userId: admin.userId, disabled: true }), ConflictError);
    expect((await users.findById(admin.userId))?.disabled).toBe(false);
  });

  it.each<Role>(['staff', 'customer'])('does not let an admin demote themself to %s', async (role) => {
    const { sut, admin, users } = await makeSut();
    await rejectionOf(sut.execute(admin, { userId: admin.userId, role }), ConflictError);
    expect((await users.findById(admin.userId))?.role).toBe('admin');
  });

  it('lets an admin rename themself, keeping their session', async () => {
    const { sut, adminUser, admin, users, tokenFor, authenticate, clock } = await makeSut();
    const token = await tokenFor(adminUser);
    clock.advance(2 * SECOND);
    const updated = await sut.execute(admin, { userId: admin.userId, name: '  Ada Lovelace ', role: 'admin' });
    expect(updated.name).toBe('Ada Lovelace');
    expect((await users.findById(admin.userId))?.name).toBe('Ada Lovelace');
    await expect(authenticate(token)).resolves.toBeDefined();
  });

  it('disables another user, whose tokens then stop working', async () => {
    const { sut, admin, givenUser, tokenFor, authenticate, users, clock } = await makeSut();
    const user = await givenUser();
    const token = await tokenFor(user);
    clock.advance(300);
    expect((await sut.execute(admin, { userId: user.id, disabled: true })).disabled).toBe(true);
    expect((await users.findById(user.id))?.disabled).toBe(true);
    await rejectionOf(authenticate(token), UnauthenticatedError);
  });

  it('does not bring old tokens back when the user is enabled again', async () => {
    const { sut, admin, givenUser, tokenFor, authenticate, clock } = await makeSut();
    const user = await givenUser();
    const token = await tokenFor(user);
    clock.advance(300);
    await sut.execute(admin, { userId: user.id, disabled: true });
    clock.advance(5 * SECOND);
    await sut.execute(admin, { userId: user.id, disabled: false });
    await rejectionOf(authenticate(token), UnauthenticatedError);
    await expect(authenticate(await tokenFor(user))).resolves.toBeDefined();
  });

  it('revokes the user\'s tokens on a role change', async () => {
    const { sut, admin, givenUser, tokenFor, authenticate, clock } = await makeSut();
    const user = await givenUser({ role: 'customer' });
    const token = await tokenFor(user);
    clock.advance(300);
    await sut.execute(admin, { userId: user.id, role: 'staff' });
    await rejectionOf(authenticate(token), UnauthenticatedError);
    clock.advance(300);
    expect((await authenticate(await tokenFor(user))).principal.role).toBe('staff');
  });

  it('answers NotFoundError for an unknown id', async () => {
    const { sut, admin } = await makeSut();
    await rejectionOf(sut.execute(admin, { userId: randomUUID(), name: 'Nobody' }), NotFoundError);
  });
});
