import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { User } from '../../domain/user/user.js';
import { UnauthenticatedError } from '../errors.js';
import { makeAccounts, NOW, rejectionOf, SECOND } from '../testing/accounts-fixture.js';

const MAX_AGE = 7 * 86_400;
const TTL = 1800;
const makeSut = () => {
  const accounts = makeAccounts({ maxSessionAgeSeconds: MAX_AGE, ttlSeconds: TTL });
  return { sut: accounts.useCases.refreshToken, ...accounts };
};

describe('RefreshToken', () => {
  it('issues a fresh token that keeps the original sign-in time', async () => {
    const { sut, givenUser, tokenFor, clock, tokens, authenticate } = makeSut();
    const user = await givenUser();
    const { token } = await authenticate(await tokenFor(user));
    clock.advance(3 * 3600 * SECOND);
    const session = await sut.execute({ userId: user.id, authTime: token.authTime });
    const renewed = (await authenticate(session.token)).token;
    expect(renewed.authTime).toEqual(NOW);
    expect(renewed.issuedAt).toEqual(clock.now());
    expect(session.expiresAt).toEqual(new Date(clock.now().getTime() + TTL * SECOND));
    expect((await tokens.verify(session.token)).tokenId).not.toBe(token.tokenId);
  });

  it('renews up to the maximum session age and refuses one second past it', async () => {
    const { sut, givenUser, clock } = makeSut();
    const user = await givenUser();
    clock.advance(MAX_AGE * SECOND);
    await expect(sut.execute({ userId: user.id, authTime: NOW })).resolves.toBeDefined();
    clock.advance(SECOND);
    await rejectionOf(sut.execute({ userId: user.id, authTime: NOW }), UnauthenticatedError);
  });

  it('refuses a disabled user', async () => {
    const { sut, givenUser, users } = makeSut();
    const user = await givenUser();
    await users.update(User.restore({ ...user.toProps(), disabled: true }));
    await rejectionOf(sut.execute({ userId: user.id, authTime: NOW }), UnauthenticatedError);
  });

  it('refuses a user who no longer exists', async () => {
    await rejectionOf(makeSut().sut.execute({ userId: randomUUID(), authTime: NOW }), UnauthenticatedError);
  });
});
