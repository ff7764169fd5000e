import { describe, expect, it } from 'vitest';
import { User } from './user.js';

const at = (iso: string) => new Date(iso);
const aUser = () =>
  User.create({ id: 'u1', email: 'ann@example.test', name: 'Ann', role: 'customer', passwordHash: 'h', createdAt: at('2026-11-28T10:00:00.250Z') });

describe('User token revocation', () => {
  it('accepts tokens of the current token version', () => {
    const user = aUser();
    expect(user.acceptsToken(user.tokenVersion)).toBe(true);
  });

  it('refuses every earlier token after a revocation, however close in time', () => {
    const user = aUser();
    const before = user.tokenVersion;
    user.revokeTokens(at('2026-11-28T10:05:00.200Z'));
    expect(user.acceptsToken(before)).toBe(false);
    expect(user.acceptsToken(user.tokenVersion)).toBe(true);
  });

  it('stays exact over many revocations in one instant', () => {
    const user = aUser();
    const versions = [];
    for (let i = 0; i < 50; i++) {
      versions.push(user.tokenVersion);
      user.revokeTokens(at('2026-11-28T10:05:00.000Z'));
    }
    expect(versions.some((v) => user.acceptsToken(v))).toBe(false);
    expect(user.acceptsToken(user.tokenVersion)).toBe(true);
  });

  it('refuses tokens once disabled, and a role change revokes', () => {
    const user = aUser();
    const token = user.tokenVersion;
    user.changeRole('staff', at('2026-11-28T11:00:00.500Z'));
    expect(user.acceptsToken(token)).toBe(false);
    const fresh = user.tokenVersion;
    user.setDisabled(true, at('2026-11-28T11:00:02.000Z'));
    expect(user.acceptsToken(fresh)).toBe(false);
    user.setDisabled(false, at('2026-11-28T11:00:03.000Z'));
    expect(user.acceptsToken(fresh)).toBe(false);
  });

  it('keeps sessions when the role is set to the one the user already has, or on a rename', () => {
    const user = aUser();
    const token = user.tokenVersion;
    user.changeRole('customer', at('2026-11-28T11:00:05.000Z'));
    user.rename('Annie', at('2026-11-28T11:00:06.000Z'));
    expect(user.acceptsToken(token)).toBe(true);
  });
});
