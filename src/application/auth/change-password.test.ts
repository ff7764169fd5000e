import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } from '../errors.js';
import { IP, LIMITS, makeAccounts, PASSWORD, rejectionOf } from '../testing/accounts-fixture.js';
import type { ChangePasswordInput } from './change-password.js';

const NEW_PASSWORD = 'a brand new secret';
const WRONG = 'not my password';

const makeSut = async () => {
  const accounts = makeAccounts();
  const user = await accounts.givenUser();
  const change = (overrides: Partial<ChangePasswordInput> = {}) =>
    accounts.useCases.changePassword.execute({ userId: user.id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD, ip: IP, ...overrides });
  const login = (password: string) => accounts.useCases.login.execute({ email: user.email, password, ip: IP });
  return { sut: accounts.useCases.changePassword, user, change, login, ...accounts };
};

const paths = (err: ValidationError) => err.details?.map((d) => d.path);

describe('ChangePassword', () => {
  it('refuses a wrong current password on the currentPassword field and keeps the old one', async () => {
    const sut = await makeSut();
    const err = await rejectionOf(sut.change({ currentPassword: WRONG }), ValidationError);
    expect(paths(err)).toEqual(['currentPassword']);
    await expect(sut.login(PASSWORD)).resolves.toBeDefined();
  });

  it('counts a wrong current password as a failed sign-in, blocking further tries without checking', async () => {
    const sut = await makeSut();
    for (let i = 0; i < LIMITS.maxConsecutiveFailures; i++) await rejectionOf(sut.change({ currentPassword: WRONG }), ValidationError);
    const verifies = sut.hasher.calls.verify;
    const err = await rejectionOf(sut.change(), RateLimitedError);
    expect(Number.isInteger(err.retryAfterSeconds)).toBe(true);
    expect(sut.hasher.calls.verify).toBe(verifies);
  });

  it('resets the failure count when the current password is right', async () => {
    const sut = await makeSut();
    for (let i = 0; i < LIMITS.maxConsecutiveFailures - 1; i++) await rejectionOf(sut.change({ currentPassword: WRONG }), ValidationError);
    await sut.change({ newPassword: PASSWORD });
    for (let i = 0; i < LIMITS.maxConsecutiveFailures - 1; i++) await rejectionOf(sut.change({ currentPassword: WRONG }), ValidationError);
    await expect(sut.change()).resolves.toBeDefined();
  });

  it.each([
    ['shorter than 8 bytes', 'short'],
    ['longer than 72 bytes', '€'.repeat(25)],
  ])('refuses a new password %s on the newPassword field, before any hashing', async (_, newPassword) => {
    const sut = await makeSut();
    const err = await rejectionOf(sut.change({ newPassword }), ValidationError);
    expect(paths(err)).toEqual(['newPassword']);
    expect(sut.hasher.calls).toMatchObject({ hash: 0, verify: 0 });
  });

  it('refuses a current password over 72 bytes on the currentPassword field, before any hashing', async () => {
    const sut = await makeSut();
    const err = await rejectionOf(sut.change({ currentPassword: '€'.repeat(25) }), ValidationError);
    expect(paths(err)).toEqual(['currentPassword']);
    expect(sut.hasher.calls.verify).toBe(0);
  });

  it('ends every older session and returns a token that works', async () => {
    const sut = await makeSut();
    const older = await sut.tokenFor(sut.user);
    sut.clock.advance(400);
    const session = await sut.change();
    await rejectionOf(sut.authenticate(older), UnauthenticatedError);
    expect((await sut.authenticate(session.token)).principal.userId).toBe(sut.user.id);
  });

  it('replaces the password: the new one signs in, the old one no longer does', async () => {
    const sut = await makeSut();
    await sut.change();
    await expect(sut.login(NEW_PASSWORD)).resolves.toBeDefined();
    const err = await rejectionOf(sut.login(PASSWORD), UnauthenticatedError);
    expect(err.code).toBe('invalid_credentials');
  });

  it('answers NotFoundError for an unknown user', async () => {
    const sut = await makeSut();
    await rejectionOf(sut.change({ userId: randomUUID() }), NotFoundError);
  });
});
