import { describe, expect, it } from 'vitest';
import { ForbiddenError, RateLimitedError, UnauthenticatedError, ValidationError } from '../errors.js';
import { IP, LIMITS, makeAccounts, NOW, PASSWORD, rejectionOf, SECOND, TTL_SECONDS } from '../testing/accounts-fixture.js';

const makeSut = () => {
  const accounts = makeAccounts();
  const login = (email: string, password: string, ip = IP) => accounts.useCases.login.execute({ email, password, ip });
  return { sut: accounts.useCases.login, login, ...accounts };
};
type Sut = ReturnType<typeof makeSut>;
const WRONG = 'wrong password!';

async function failTimes({ login }: Sut, email: string, times: number) {
  for (let i = 0; i < times; i++) await rejectionOf(login(email, WRONG), UnauthenticatedError);
}

describe('Login', () => {
  it('signs in with correct credentials and returns a token for that user', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    const session = await sut.login(user.email, PASSWORD);
    expect(session.user.id).toBe(user.id);
    expect(session.expiresAt).toEqual(new Date(NOW.getTime() + TTL_SECONDS * SECOND));
    expect((await sut.authenticate(session.token)).principal.userId).toBe(user.id);
  });

  it('finds the account whatever the case and surrounding spaces of the email', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ email: 'ann@example.test' });
    expect((await sut.login('  ANN@Example.Test ', PASSWORD)).user.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    const wrongPassword = await rejectionOf(sut.login(user.email, WRONG), UnauthenticatedError);
    const unknownEmail = await rejectionOf(sut.login('nobody@example.test', WRONG), UnauthenticatedError);
    expect(wrongPassword.code).toBe('invalid_credentials');
    expect(unknownEmail.code).toBe('invalid_credentials');
    expect(unknownEmail.message).toBe(wrongPassword.message);
  });

  it('still runs a password check for an unknown email, so timing does not reveal it', async () => {
    const sut = makeSut();
    await rejectionOf(sut.login('nobody@example.test', PASSWORD), UnauthenticatedError);
    expect(sut.hasher.calls.unknownUser).toBe(1);
  });

  it('reveals a disabled account only after a correct password', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ disabled: true });
    const err = await rejectionOf(sut.login(user.email, PASSWORD), ForbiddenError);
    expect(err.code).toBe('account_disabled');
  });

  it('answers a wrong password for a disabled account with invalid_credentials', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ disabled: true });
    const err = await rejectionOf(sut.login(user.email, WRONG), UnauthenticatedError);
    expect(err.code).toBe('invalid_credentials');
  });

  it('refuses a password over 72 bytes before throttling or hashing', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    await failTimes(sut, user.email, LIMITS.maxConsecutiveFailures); // blocked now: a throttle check would answer 429
    const verifies = sut.hasher.calls.verify;
    const err = await rejectionOf(sut.login(user.email, '€'.repeat(25)), ValidationError);
    expect(err.details?.map((d) => d.path)).toEqual(['password']);
    expect(sut.hasher.calls.verify).toBe(verifies);
  });

  it('blocks the email+IP after the limit of failures with an integer Retry-After, without checking the password', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    await failTimes(sut, user.email, LIMITS.maxConsecutiveFailures);
    const verifies = sut.hasher.calls.verify;
    const err = await rejectionOf(sut.login(user.email, PASSWORD), RateLimitedError);
    expect(Number.isInteger(err.retryAfterSeconds)).toBe(true);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect(sut.hasher.calls.verify).toBe(verifies);
  });

  it('counts failures for unknown emails too', async () => {
    const sut = makeSut();
    await failTimes(sut, 'nobody@example.test', LIMITS.maxConsecutiveFailures);
    await rejectionOf(sut.login('nobody@example.test', WRONG), RateLimitedError);
  });

  it('throttles the normalised email, so case variants share one count', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ email: 'ann@example.test' });
    await failTimes(sut, 'ann@example.test', LIMITS.maxConsecutiveFailures - 1);
    await rejectionOf(sut.login(' ANN@example.test', WRONG), UnauthenticatedError);
    await rejectionOf(sut.login(user.email, PASSWORD), RateLimitedError);
  });

  it('resets the email+IP failure count on success', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    await failTimes(sut, user.email, LIMITS.maxConsecutiveFailures - 1);
    await sut.login(user.email, PASSWORD);
    await failTimes(sut, user.email, LIMITS.maxConsecutiveFailures - 1);
    await expect(sut.login(user.email, PASSWORD)).resolves.toBeDefined();
  });

  it('rehashes a password stored at a lower cost, and the new hash still verifies', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ cost: 10 });
    await sut.login(user.email, PASSWORD);
    const stored = await sut.users.findById(user.id);
    expect(stored?.passwordHash).toMatch(/^fake\$12\$/);
    expect(await sut.hasher.verify(PASSWORD, stored!.passwordHash)).toBe(true);
  });

  it('keeps the user\'s other sessions when it rehashes', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ cost: 10 });
    const earlier = await sut.tokens.issue({ userId: user.id, role: user.role, tokenVersion: user.tokenVersion, issuedAt: NOW, authTime: NOW });
    sut.clock.advance(5 * SECOND);
    await sut.login(user.email, PASSWORD);
    await expect(sut.authenticate(earlier.token)).resolves.toBeDefined();
  });

  it('leaves a hash of the current cost alone', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    await sut.login(user.email, PASSWORD);
    expect((await sut.users.findById(user.id))?.passwordHash).toBe(user.passwordHash);
    expect(sut.hasher.calls.hash).toBe(0);
  });
});
