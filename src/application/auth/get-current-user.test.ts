import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { makeAccounts, rejectionOf } from '../testing/accounts-fixture.js';

const makeSut = () => {
  const accounts = makeAccounts();
  return { sut: accounts.useCases.getCurrentUser, ...accounts };
};

describe('GetCurrentUser', () => {
  it('returns the user as stored now', async () => {
    const { sut, givenUser, users, clock } = makeSut();
    const user = await givenUser({ name: 'Ann' });
    user.rename('Ann Lee', clock.now());
    await users.update(user);
    expect((await sut.execute(user.id)).toProps()).toEqual({ ...user.toProps(), version: user.version + 1 });
  });

  it('answers NotFoundError for an unknown id', async () => {
    await rejectionOf(makeSut().sut.execute(randomUUID()), NotFoundError);
  });
});
