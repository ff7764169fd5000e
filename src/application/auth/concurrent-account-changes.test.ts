import { describe, expect, it } from 'vitest';
import { FakePasswordHasher } from '../../adapters/security/fake-password-hasher.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import { IP, makeAccounts, PASSWORD } from '../testing/accounts-fixture.js';
import { principalOf } from '../../../test/mothers/principal-mother.js';
import { ChangePassword } from './change-password.js';
import { Login } from './login.js';

/** A hasher whose hash() waits until the test opens the gate: the window a slow bcrypt leaves. */
class GatedHasher implements PasswordHasher {
  private release!: () => void;
  private enter!: () => void;
  private readonly gate = new Promise<void>((r) => (this.release = r));
  readonly entered = new Promise<void>((r) => (this.enter = r));
  constructor(private readonly inner: FakePasswordHasher) {}
  async hash(password: string) {
    this.enter();
    await this.gate;
    return this.inner.hash(password);
  }
  verify(password: string, hash: string | null) {
    return this.inner.verify(password, hash);
  }
  needsRehash(hash: string) {
    return this.inner.needsRehash(hash);
  }
  open() {
    this.release();
  }
}

describe('account changes racing with a slow hash', () => {
  it("a password change does not undo an admin's disable made while it hashed", async () => {
    const a = makeAccounts();
    const admin = await a.givenUser({ role: 'admin' });
    const staff = await a.givenUser({ role: 'staff' });
    const gated = new GatedHasher(new FakePasswordHasher({ cost: 12 }));
    const change = new ChangePassword(a.users, gated, a.tokens, a.throttle, a.clock).execute({
      userId: staff.id, currentPassword: PASSWORD, newPassword: 'a new password', ip: IP,
    });
    await gated.entered;
    await a.useCases.updateUser.execute(principalOf(admin), { userId: staff.id, disabled: true, role: 'customer' });
    gated.open();
    await expect(change).rejects.toMatchObject({ code: 'conflict' });
    expect((await a.users.findById(staff.id))?.toProps()).toMatchObject({ disabled: true, role: 'customer' });
  });

  it('a rehash on sign-in does not re-enable an account disabled meanwhile', async () => {
    const a = makeAccounts({ cost: 12 });
    const admin = await a.givenUser({ role: 'admin' });
    const user = await a.givenUser({ cost: 10 });
    const gated = new GatedHasher(new FakePasswordHasher({ cost: 12 }));
    const login = new Login(a.users, gated, a.tokens, a.throttle, a.clock).execute({ email: user.email, password: PASSWORD, ip: IP });
    await gated.entered;
    await a.useCases.updateUser.execute(principalOf(admin), { userId: user.id, disabled: true });
    const disabledVersion = (await a.users.findById(user.id))!.tokenVersion;
    gated.open();
    await expect(login).rejects.toMatchObject({ code: 'account_disabled' });
    expect((await a.users.findById(user.id))?.toProps()).toMatchObject({ disabled: true, tokenVersion: disabledVersion });
  });

  it('still issues usable tokens after many revocations in one instant', async () => {
    const a = makeAccounts();
    const user = await a.givenUser();
    for (let i = 0; i < 40; i++) await a.useCases.revokeAllTokens.execute(user.id);
    const token = await a.tokenFor(user);
    await expect(a.authenticate(token)).resolves.toBeDefined();
  });
});
