import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../errors.js';
import { makeAccounts, NOW, PASSWORD, rejectionOf, TTL_SECONDS } from '../testing/accounts-fixture.js';
import type { RegisterInput } from './register.js';

const makeSut = () => {
  const accounts = makeAccounts();
  return { sut: accounts.useCases.register, ...accounts };
};
const input = (overrides: Partial<RegisterInput> = {}): RegisterInput => ({
  email: 'ann@example.test',
  password: PASSWORD,
  name: 'Ann',
  ...overrides,
});

describe('Register', () => {
  it('always creates a customer, whatever role the input smuggles in', async () => {
    const { sut, users } = makeSut();
    const sneaky = { ...input(), role: 'admin' } as RegisterInput;
    const session = await sut.execute(sneaky);
    expect(session.user.role).toBe('customer');
    expect((await users.findById(session.user.id))?.role).toBe('customer');
  });

  it('stores the email trimmed and lower-cased', async () => {
    const { sut, users } = makeSut();
    const session = await sut.execute(input({ email: '  Ann.Lee@Example.TEST ' }));
    expect((await users.findById(session.user.id))?.email).toBe('ann.lee@example.test');
  });

  it('refuses an email already taken in another case as email_taken, storing nothing', async () => {
    const { sut, users } = makeSut();
    await sut.execute(input({ email: 'ann@example.test' }));
    const err = await rejectionOf(sut.execute(input({ email: ' ANN@Example.test' })), ConflictError);
    expect(err.code).toBe('email_taken');
    expect(await users.count()).toBe(1);
  });

  it.each([
    ['shorter than 8 bytes', 'seven77'],
    ['longer than 72 bytes (25 × € = 75 bytes)', '€'.repeat(25)],
  ])('refuses a password %s on the password field, before any hashing', async (_, password) => {
    const { sut, hasher, users } = makeSut();
    const err = await rejectionOf(sut.execute(input({ password })), ValidationError);
    expect(err.details?.map((d) => d.path)).toEqual(['password']);
    expect(hasher.calls.hash).toBe(0);
    expect(await users.count()).toBe(0);
  });

  it('measures the password in UTF-8 bytes: 4 × é (8 bytes) and 24 × € (72 bytes) are accepted', async () => {
    const { sut } = makeSut();
    await expect(sut.execute(input({ email: 'a@example.test', password: 'é'.repeat(4) }))).resolves.toBeDefined();
    await expect(sut.execute(input({ email: 'b@example.test', password: '€'.repeat(24) }))).resolves.toBeDefined();
  });

  it('signs the new customer in with a token that AuthenticateToken accepts', async () => {
    const { sut, authenticate } = makeSut();
    const session = await sut.execute(input());
    expect(session.expiresAt).toEqual(new Date(NOW.getTime() + TTL_SECONDS * 1000));
    const { principal } = await authenticate(session.token);
    expect(principal).toEqual({ userId: session.user.id, email: 'ann@example.test', name: 'Ann', role: 'customer' });
  });

  it('stores a password the user can sign in with', async () => {
    const { sut, useCases } = makeSut();
    const { user } = await sut.execute(input({ password: 'my own secret' }));
    const session = await useCases.login.execute({ email: 'ann@example.test', password: 'my own secret', ip: '192.0.2.1' });
    expect(session.user.id).toBe(user.id);
  });
});
