import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionTimers, RENEW_BEFORE_MS } from './session-timers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function armed(lifetimeMs: number) {
  const onRenewDue = vi.fn();
  const onExpired = vi.fn();
  createSessionTimers({ onRenewDue, onExpired }).arm(Date.now() + lifetimeMs);
  return { onRenewDue, onExpired };
}

describe('createSessionTimers', () => {
  it('renews RENEW_BEFORE_MS before expiry, then expires', () => {
    const t = armed(30 * 60_000);
    vi.advanceTimersByTime(30 * 60_000 - RENEW_BEFORE_MS - 1);
    expect(t.onRenewDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(t.onRenewDue).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(RENEW_BEFORE_MS);
    expect(t.onExpired).toHaveBeenCalledTimes(1);
  });

  it('renews a short-lived token halfway, not at once (no refresh loop with a 60 s token)', () => {
    const t = armed(60_000);
    vi.advanceTimersByTime(29_999);
    expect(t.onRenewDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(t.onRenewDue).toHaveBeenCalledTimes(1);
  });
});
