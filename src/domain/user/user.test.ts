import { describe, expect, it } from 'vitest';
import { User } from './user.js';

const at = (iso: string) => new Date(iso);
const aUser = () =>
  User.create({ id: 'u1', email: 'ann@example.test', name: 'Ann', role: 'customer', passwordHash: 'h', createdAt: at('2026-11-28T10:00:00.250Z') });

describe('User token revocation', () => {
  it('accepts tokens stamped at or after creation', () => {
    const user = aUser();
    expect(user.acceptsTokenIssuedAt(user.tokenIssueTime(at('2026-11-28T10:00:00.900Z')))).toBe(true);
  });

  it('refuses every token issued before a revocation, even within the same second', () => {
    const user = aUser();
    const before = user.tokenIssueTime(at('2026-11-28T10:05:00.100Z'));
    user.revokeTokens(at('2026-11-28T10:05:00.200Z'));
    expect(user.acceptsTokenIssuedAt(before)).toBe(false);
    const after = user.tokenIssueTime(at('2026-11-28T10:05:00.300Z'));
    expect(user.acceptsTokenIssuedAt(after)).toBe(true);
  });

  it('refuses a token issued right after one revocation once revoked again in that second', () => {
    const user = aUser();
    user.revokeTokens(at('2026-11-28T10:05:00.100Z'));
    const between = user.tokenIssueTime(at('2026-11-28T10:05:00.200Z'));
    user.revokeTokens(at('2026-11-28T10:05:00.300Z'));
    expect(user.acceptsTokenIssuedAt(between)).toBe(false);
    expect(user.acceptsTokenIssuedAt(user.tokenIssueTime(at('2026-11-28T10:05:00.400Z')))).toBe(true);
  });

  it('refuses tokens once disabled, and a role change revokes', () => {
    const user = aUser();
    const token = user.tokenIssueTime(at('2026-11-28T11:00:00.000Z'));
    user.changeRole('staff', at('2026-11-28T11:00:00.500Z'));
    expect(user.acceptsTokenIssuedAt(token)).toBe(false);
    const fresh = user.tokenIssueTime(at('2026-11-28T11:00:01.500Z'));
    user.setDisabled(true, at('2026-11-28T11:00:02.000Z'));
    expect(user.acceptsTokenIssuedAt(fresh)).toBe(false);
  });

  it('keeps sessions when the role is set to the one the user already has', () => {
    const user = aUser();
    const token = user.tokenIssueTime(at('2026-11-28T11:00:00.000Z'));
    user.changeRole('customer', at('2026-11-28T11:00:05.000Z'));
    expect(user.acceptsTokenIssuedAt(token)).toBe(true);
  });
});
