import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { principalOf } from '../../../test/mothers/principal-mother.js';
import { User } from '../../domain/user/user.js';
import { UnauthenticatedError } from '../errors.js';
import { IP, makeAccounts, NOW, PASSWORD, rejectionOf, SECOND } from '../testing/accounts-fixture.js';

const TTL = 600;
const makeSut = () => {
  const accounts = makeAccounts({ ttlSeconds: TTL });
  return { sut: accounts.useCases.authenticateToken, ...accounts };
};
type Sut = ReturnType<typeof makeSut>;

const refused = (sut: Sut, token: string) => rejectionOf(sut.sut.execute(token), UnauthenticatedError);

/** Each way a user's earlier tokens are revoked; resolves to the password that signs in afterwards. */
const revocations: Array<[string, (sut: Sut, user: User) => Promise<string>]> = [
  ['revoke-all', async ({ useCases }, user) => {
    await useCases.revokeAllTokens.execute(user.id);
    return PASSWORD;
  }],
  ['a password change', async ({ useCases }, user) => {
    await useCases.changePassword.execute({ userId: user.id, currentPassword: PASSWORD, newPassword: 'a brand new one', ip: IP });
    return 'a brand new one';
  }],
  ['a role change', async ({ useCases, givenUser }, user) => {
    const admin = await givenUser({ role: 'admin' });
    await useCases.updateUser.execute(principalOf(admin), { userId: user.id, role: 'staff' });
    return PASSWORD;
  }],
];

describe('AuthenticateToken', () => {
  it('turns a valid token into the principal of its user', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ role: 'staff' });
    const { principal, token } = await sut.sut.execute(await sut.tokenFor(user));
    expect(principal).toEqual(principalOf(user));
    expect(token.userId).toBe(user.id);
  });

  it('takes the role from the repository, not from the token', async () => {
    const sut = makeSut();
    const user = await sut.givenUser({ role: 'admin' });
    const token = await sut.tokenFor(user);
    // Demoted behind the use cases' back: same revocation marker, so only the role differs.
    await sut.users.update(User.restore({ ...user.toProps(), role: 'customer' }));
    expect((await sut.sut.execute(token)).principal.role).toBe('customer');
  });

  it('refuses a token whose claims were edited', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    const [head, payload, checksum] = (await sut.tokenFor(user)).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    await refused(sut, [head, edited, checksum].join('.'));
  });

  it.each(['', 'garbage', 'a.b.c', 'fake.e30.0'])('refuses the garbage token %j', async (garbage) => {
    await refused(makeSut(), garbage);
  });

  it('refuses a well-signed token of a user who no longer exists', async () => {
    const sut = makeSut();
    const orphan = await sut.tokens.issue({ userId: randomUUID(), role: 'admin', tokenVersion: 0, issuedAt: NOW, authTime: NOW });
    await refused(sut, orphan.token);
  });

  it('refuses a token of a disabled user', async () => {
    const sut = makeSut();
    const user = await sut.givenUser();
    const token = await sut.tokenFor(user);
    // Disabled without moving the revocation marker, so only the disabled flag can refuse it.
    await sut.users.update(User.restore({ ...user.toProps(), disabled: true }));
    await refused(sut, token);
  });

  describe.each(revocations)('after %s', (_, revoke) => {
    it('refuses a token from earlier in the same second and accepts one issued a moment later', async () => {
      const sut = makeSut();
      const user = await sut.givenUser();
      const before = await sut.tokenFor(user);
      sut.clock.advance(300);
      const password = await revoke(sut, user);
      sut.clock.advance(200);
      const after = await sut.tokenFor(user, password);
      await refused(sut, before);
      await expect(sut.sut.execute(after)).resolves.toBeDefined();
    });

    it('refuses a token from seconds earlier and accepts one issued seconds later', async () => {
      const sut = makeSut();
      const user = await sut.givenUser();
      const before = await sut.tokenFor(user);
      sut.clock.advance(5 * SECOND + 250);
      const password = await revoke(sut, user);
      sut.clock.advance(3 * SECOND);
      const after = await sut.tokenFor(user, password);
      await refused(sut, before);
      await expect(sut.sut.execute(after)).resolves.toBeDefined();
    });
  });

  it('refuses an expired token once the 30 s clock tolerance is used up', async () => {
    const sut = makeSut();
    const token = await sut.tokenFor(await sut.givenUser());
    sut.clock.advance((TTL + 29) * SECOND);
    await expect(sut.sut.execute(token)).resolves.toBeDefined();
    sut.clock.advance(2 * SECOND);
    await refused(sut, token);
  });
});
