/** How long before expiry an active session asks for a fresh token. */
export const RENEW_BEFORE_MS = 2 * 60_000;
/** setTimeout overflows past 2^31-1 ms (~24.8 days) and would fire at once. */
const MAX_DELAY = 2 ** 31 - 1;

export interface SessionTimers {
  /** (Re)arms both timers for a token expiring at `expiresAt` (epoch ms, this device's clock). */
  arm(expiresAt: number): void;
  /** Tries the renewal again later (it failed for a reason other than 401). */
  renewAgainIn(ms: number): void;
  clear(): void;
}

/**
 * Two timers per token: one shortly before expiry to renew, one at expiry to sign out.
 * Background tabs may fire them late; the auth store re-checks when the tab is shown.
 */
export function createSessionTimers(handlers: { onRenewDue(): void; onExpired(): void }): SessionTimers {
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const delay = (at: number) => Math.min(Math.max(at - Date.now(), 0), MAX_DELAY);

  function clear(): void {
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
    renewTimer = expiryTimer = undefined;
  }

  return {
    clear,
    renewAgainIn(ms) {
      clearTimeout(renewTimer);
      renewTimer = setTimeout(handlers.onRenewDue, Math.min(ms, MAX_DELAY));
    },
    arm(expiresAt) {
      clear();
      // A token shorter-lived than 2 × RENEW_BEFORE_MS renews halfway through instead:
      // "2 minutes before expiry" would already be due, and every fresh token would renew at once, in a loop.
      const now = Date.now();
      const renewAt = Math.max(expiresAt - RENEW_BEFORE_MS, now + (expiresAt - now) / 2);
      renewTimer = setTimeout(handlers.onRenewDue, delay(renewAt));
      expiryTimer = setTimeout(handlers.onExpired, delay(expiresAt));
    },
  };
}
