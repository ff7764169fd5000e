import { beforeEach, describe, expect, it } from 'vitest';
import { aUser } from '../../../test/mothers/user-mother.js';
import { ValidationError } from '../errors.js';
import { DuplicateEmailError, type UserRepository } from './user-repository.js';

/** The promises of UserRepository, run against every implementation. */
export function userRepositoryContract(name: string, setup: () => Promise<UserRepository>) {
  describe(`${name} (UserRepository contract)`, () => {
    let repo: UserRepository;
    beforeEach(async () => {
      repo = await setup();
    });

    it('returns null for unknown ids and emails', async () => {
      expect(await repo.findById('9b7e2c1a-0000-4000-8000-000000000000')).toBeNull();
      expect(await repo.findByEmail('nobody@example.test')).toBeNull();
    });

    it('round-trips every field', async () => {
      const user = aUser({ role: 'staff', disabled: true, tokenVersion: 3, version: 0 });
      await repo.insert(user);
      expect((await repo.findById(user.id))?.toProps()).toEqual(user.toProps());
      expect((await repo.findByEmail(user.email))?.toProps()).toEqual(user.toProps());
    });

    it('finds by email case-insensitively and refuses a case-variant duplicate', async () => {
      const user = aUser({ email: 'ann@example.test' });
      await repo.insert(user);
      expect((await repo.findByEmail('ANN@example.test'))?.id).toBe(user.id);
      await expect(repo.insert(aUser({ email: 'Ann@Example.test' }))).rejects.toBeInstanceOf(DuplicateEmailError);
    });

    it('saves updates', async () => {
      const user = aUser();
      await repo.insert(user);
      const now = new Date('2026-11-20T08:00:00.500Z');
      user.rename('Renamed', now);
      user.changeRole('admin', now);
      expect(await repo.update(user)).toBe(true);
      expect((await repo.findById(user.id))?.toProps()).toEqual({ ...user.toProps(), version: user.version + 1 });
    });

    it('refuses an update over a version that changed meanwhile, saving nothing', async () => {
      const user = aUser();
      await repo.insert(user);
      const first = (await repo.findById(user.id))!;
      const second = (await repo.findById(user.id))!;
      first.setDisabled(true, new Date('2026-11-20T08:00:00.000Z'));
      expect(await repo.update(first)).toBe(true);
      second.rename('Stale write', new Date('2026-11-20T08:00:01.000Z'));
      expect(await repo.update(second)).toBe(false);
      expect((await repo.findById(user.id))?.toProps()).toMatchObject({ disabled: true, name: user.name });
    });

    it('lists newest first in pages that never repeat or skip, filtered by role and q', async () => {
      const at = (s: number) => new Date(Date.UTC(2026, 10, 10, 0, 0, s));
      const users = [1, 2, 3, 4, 5].map((s) => aUser({ createdAt: at(s), role: s % 2 ? 'customer' : 'staff', name: s === 3 ? 'Zoë Special' : `U${s}` }));
      for (const u of users) await repo.insert(u);
      const first = await repo.list({ limit: 2 });
      const second = await repo.list({ limit: 2, cursor: first.nextCursor! });
      const third = await repo.list({ limit: 2, cursor: second.nextCursor! });
      expect([...first.items, ...second.items, ...third.items].map((u) => u.id)).toEqual(users.reverse().map((u) => u.id));
      expect(third.nextCursor).toBeNull();
      expect((await repo.list({ limit: 10, role: 'staff' })).items).toHaveLength(2);
      expect((await repo.list({ limit: 10, q: 'zoë spec' })).items.map((u) => u.name)).toEqual(['Zoë Special']);
      expect((await repo.list({ limit: 10, q: '%' })).items).toHaveLength(0);
      expect(await repo.count()).toBe(5);
    });

    it('refuses a cursor it did not make', async () => {
      await expect(repo.list({ limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
