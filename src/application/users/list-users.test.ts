import { describe, expect, it } from 'vitest';
import { principalOf } from '../../../test/mothers/principal-mother.js';
import type { Role } from '../../domain/user/role.js';
import { ForbiddenError } from '../errors.js';
import { makeAccounts, rejectionOf } from '../testing/accounts-fixture.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 10, 0, 0, s));

const makeSut = async () => {
  const accounts = makeAccounts();
  const admin = await accounts.givenUser({ role: 'admin', name: 'Ada Admin', createdAt: at(0) });
  return { sut: accounts.useCases.listUsers, admin: principalOf(admin), ...accounts };
};

describe('ListUsers', () => {
  it.each<Role>(['customer', 'staff'])('refuses a %s', async (role) => {
    const { sut, givenUser } = await makeSut();
    const actor = principalOf(await givenUser({ role }));
    await rejectionOf(sut.execute(actor, { limit: 10 }), ForbiddenError);
  });

  it('pages newest first with the limit and cursor it is given', async () => {
    const { sut, admin, givenUser } = await makeSut();
    const created = [1, 2, 3].map((s) => at(s));
    const [u1, u2, u3] = [await givenUser({ createdAt: created[0] }), await givenUser({ createdAt: created[1] }), await givenUser({ createdAt: created[2] })];
    const first = await sut.execute(admin, { limit: 2 });
    expect(first.items.map((u) => u.id)).toEqual([u3!.id, u2!.id]);
    const second = await sut.execute(admin, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((u) => u.id)).toEqual([u1!.id, admin.userId]);
    expect(second.nextCursor).toBeNull();
  });

  it('passes the role and q filters on', async () => {
    const { sut, admin, givenUser } = await makeSut();
    const staff = await givenUser({ role: 'staff', name: 'Sam' });
    await givenUser({ role: 'staff', name: 'Zoë' });
    await givenUser({ role: 'customer', name: 'Sammy' });
    const page = await sut.execute(admin, { limit: 10, role: 'staff', q: 'sam' });
    expect(page.items.map((u) => u.id)).toEqual([staff.id]);
  });
});
