import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotFoundError, UnauthenticatedError } from '../errors.js';
import { makeAccounts, rejectionOf, SECOND } from '../testing/accounts-fixture.js';

const makeSut = () => {
  const accounts = makeAccounts();
  return { sut: accounts.useCases.revokeAllTokens, ...accounts };
};

describe('RevokeAllTokens', () => {
  it('stops every token the user was issued before, however recent', async () => {
    const { sut, givenUser, tokenFor, authenticate, clock } = makeSut();
    const user = await givenUser();
    const earlier: string[] = [];
    for (const step of [0, 2 * SECOND, 700, 200]) {
      clock.advance(step);
      earlier.push(await tokenFor(user));
    }
    clock.advance(50);
    await sut.execute(user.id);
    for (const token of earlier) await rejectionOf(authenticate(token), UnauthenticatedError);
  });

  it('accepts a token issued afterwards, even within the same second', async () => {
    const { sut, givenUser, tokenFor, authenticate, clock } = makeSut();
    const user = await givenUser();
    clock.advance(100);
    await sut.execute(user.id);
    clock.advance(100);
    await expect(authenticate(await tokenFor(user))).resolves.toBeDefined();
  });

  it('stops a token issued between two revocations in the same second', async () => {
    const { sut, givenUser, tokenFor, authenticate, clock } = makeSut();
    const user = await givenUser();
    clock.advance(100);
    await sut.execute(user.id);
    clock.advance(100);
    const between = await tokenFor(user);
    clock.advance(100);
    await sut.execute(user.id);
    clock.advance(100);
    await rejectionOf(authenticate(between), UnauthenticatedError);
    await expect(authenticate(await tokenFor(user))).resolves.toBeDefined();
  });

  it('leaves other users\' tokens alone', async () => {
    const { sut, givenUser, tokenFor, authenticate } = makeSut();
    const [ann, bob] = [await givenUser(), await givenUser()];
    const bobsToken = await tokenFor(bob);
    await sut.execute(ann.id);
    await expect(authenticate(bobsToken)).resolves.toBeDefined();
  });

  it('answers NotFoundError for an unknown user', async () => {
    await rejectionOf(makeSut().sut.execute(randomUUID()), NotFoundError);
  });
});
