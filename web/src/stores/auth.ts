import { defineStore, getActivePinia, getStores } from 'pinia';
import { computed, hasInjectionContext, inject, onScopeDispose, ref } from 'vue';
import { routerKey, START_LOCATION, type Router } from 'vue-router';
import { authApi, type RegisterInput } from '../api/auth.api';
import type { Role, TokenResponse, User } from '../api/types';
import { decodeClaims, type TokenClaims } from '../lib/jwt';
import { safeRedirect } from '../lib/redirect';
import { createSessionTimers, RENEW_BEFORE_MS } from '../lib/session-timers';
import { storageSlot, stringCodec } from '../lib/storage';

export const TOKEN_KEY = 'orderly.token';
export type LogoutReason = 'user' | 'expired' | 'unauthorized' | 'other-tab';
export const LOGOUT_NOTICES: Record<LogoutReason, string | null> = {
  user: null,
  expired: 'Your session expired; please sign in again.',
  unauthorized: 'Your session has ended; please sign in again.',
  'other-tab': 'You signed out in another tab.',
};
const RETRY_RENEW_MS = 30_000;
const noop = () => undefined;

/**
 * The session: the token, who it belongs to, and its lifecycle (expiry, renewal, other
 * tabs). The only code that touches localStorage (SECURITY.md 20-22). Logout is
 * client-side: drop the token, run the `onLogout` hooks (the event stream closes there),
 * reset every other store, go to /login.
 */
export const useAuthStore = defineStore('auth', () => {
  const pinia = getActivePinia();
  // Pinia runs setup in the app's context, so the app's router is injectable; bare store tests have none.
  const router: Router | undefined = hasInjectionContext() ? inject(routerKey, undefined) : undefined;
  const tokenSlot = storageSlot(TOKEN_KEY, stringCodec);
  const logoutHooks = new Set<() => void>();
  const timers = createSessionTimers({ onRenewDue: () => void renewIfActive(), onExpired: () => void expire() });
  /** Server clock minus this device's, learnt from each fresh token, so a wrong device clock neither kills nor prolongs a session. */
  let clockSkewMs = 0;
  let renewing = false;

  const token = ref<string | null>(null);
  const claims = ref<TokenClaims | null>(null);
  const user = ref<User | null>(null);
  /** Epoch ms (this device's clock) when the token stops working. */
  const expiresAt = ref<number | null>(null);
  /** Why the last session ended, for the login page. */
  const notice = ref<string | null>(null);
  const isAuthenticated = computed(() => token.value !== null);
  const role = computed<Role | null>(() => user.value?.role ?? claims.value?.role ?? null);
  /** Who is signed in, known from the token before /me answers (e.g. to tell own chat messages apart). */
  const userId = computed<string | null>(() => user.value?.id ?? claims.value?.sub ?? null);

  /** Takes a token in; false if it is unreadable or already expired. */
  function adopt(next: string, fresh: boolean): boolean {
    const decoded = decodeClaims(next);
    if (!decoded) return false;
    if (fresh && decoded.iat !== undefined) clockSkewMs = decoded.iat * 1000 - Date.now();
    const expiry = decoded.exp * 1000 - clockSkewMs;
    if (expiry <= Date.now()) return false;
    token.value = next;
    claims.value = decoded;
    expiresAt.value = expiry;
    timers.arm(expiry);
    return true;
  }

  function setSession(response: TokenResponse): void {
    if (!adopt(response.token, true)) throw new Error('The server sent a token this app cannot read.');
    user.value = response.user;
    notice.value = null;
    tokenSlot.write(response.token);
  }

  function clearSession(): void {
    timers.clear();
    token.value = claims.value = user.value = expiresAt.value = null;
  }

  /** Everything a session leaves behind: state, hooks' resources, every other store. */
  function endSession(): void {
    clearSession();
    for (const hook of [...logoutHooks]) {
      try {
        hook();
      } catch (err) {
        console.error('A logout hook failed', err);
      }
    }
    for (const store of pinia ? getStores(pinia) : []) {
      if (store.$id === 'auth') continue;
      try {
        store.$reset();
      } catch (err) {
        // A setup store without its own $reset (pinia throws in development): a bug to fix, not a reason to stay signed in.
        console.error(`Store "${store.$id}" could not be reset`, err);
      }
    }
  }

  async function loadUser(): Promise<void> {
    const sent = token.value;
    if (!sent) return;
    const me = await authApi.me();
    if (token.value === sent) user.value = me;
  }

  async function login(email: string, password: string): Promise<void> {
    setSession(await authApi.login(email, password, { quietErrors: true }));
  }

  async function register(input: RegisterInput): Promise<void> {
    setSession(await authApi.register(input, { quietErrors: true }));
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    setSession(await authApi.changePassword(currentPassword, newPassword, { quietErrors: true }));
  }

  async function logout(opts: { reason?: LogoutReason } = {}): Promise<void> {
    const reason = opts.reason ?? 'user';
    const redirect = reason === 'user' ? null : currentPath();
    tokenSlot.clear();
    endSession();
    notice.value = LOGOUT_NOTICES[reason];
    if (!router || router.currentRoute.value.name === 'login') return;
    await router.replace({ name: 'login', query: redirect ? { redirect } : {} }).catch(noop);
  }

  async function logoutEverywhere(): Promise<void> {
    await authApi.revokeAll({ quietErrors: true });
    await logout();
  }

  /** Registers cleanup for logout (close the event stream, abort work); returns the unregister function. */
  function onLogout(hook: () => void): () => void {
    logoutHooks.add(hook);
    return () => logoutHooks.delete(hook);
  }

  /** Where to come back to after signing in again; null on the sign-in pages themselves. */
  function currentPath(): string | null {
    if (!router) return null;
    const route = router.currentRoute.value;
    // Before the first navigation settles, the URL is the best guess of where the user is.
    const path = safeRedirect(route === START_LOCATION ? router.options.history.location : route.fullPath);
    const name = path ? router.resolve(path).name : undefined;
    return name === 'login' || name === 'register' ? null : path;
  }

  /** "Keep it simple": a visible tab counts as an active user. */
  async function renewIfActive(): Promise<void> {
    const sent = token.value;
    if (!sent || renewing || document.visibilityState !== 'visible') return;
    if (expiresAt.value === null || expiresAt.value - Date.now() > RENEW_BEFORE_MS) return;
    renewing = true;
    try {
      const response = await authApi.refresh({ quietErrors: true });
      if (token.value === sent) setSession(response);
    } catch {
      // A 401 has signed us out already; otherwise try again while the token lasts.
      if (token.value === sent && (expiresAt.value ?? 0) - Date.now() > RETRY_RENEW_MS) timers.renewAgainIn(RETRY_RENEW_MS);
    } finally {
      renewing = false;
    }
  }

  async function expire(): Promise<void> {
    if (token.value) await logout({ reason: 'expired' });
  }

  function onVisibility(): void {
    if (document.visibilityState !== 'visible' || expiresAt.value === null) return;
    if (expiresAt.value <= Date.now()) void expire();
    else void renewIfActive();
  }

  /** Another tab signed out, signed in, or renewed. Storage is the truth; the event only says "look". */
  function onStorage(event: StorageEvent): void {
    if (event.key !== TOKEN_KEY && event.key !== null) return;
    const next = tokenSlot.read();
    if (next === token.value) return;
    if (next === null) {
      if (token.value) void logout({ reason: 'other-tab' });
      return;
    }
    const nextClaims = decodeClaims(next);
    if (!nextClaims) return;
    const wasSignedIn = claims.value !== null;
    const switching = wasSignedIn && claims.value?.sub !== nextClaims.sub;
    if (switching) endSession();
    if (!adopt(next, false)) return;
    notice.value = null;
    if (!switching && user.value) return; // the same person renewed over there
    void loadUser().catch(noop);
    if (!router) return;
    const route = router.currentRoute.value;
    if (switching) void router.replace('/orders').catch(noop);
    else if (route.meta.guestOnly) void router.replace(safeRedirect(route.query.redirect) ?? '/orders').catch(noop);
  }

  const stored = tokenSlot.read();
  if (stored !== null) {
    // /me fills in name and email; deferred so the store exists before its first request.
    if (adopt(stored, false)) void Promise.resolve().then(loadUser).catch(noop);
    else {
      tokenSlot.clear();
      // A session that ran out while the app was closed: say so on the login page it lands on.
      if (decodeClaims(stored)) notice.value = LOGOUT_NOTICES.expired;
    }
  }
  window.addEventListener('storage', onStorage);
  document.addEventListener('visibilitychange', onVisibility);
  onScopeDispose(() => {
    window.removeEventListener('storage', onStorage);
    document.removeEventListener('visibilitychange', onVisibility);
    timers.clear();
  });

  /** Forgets the session here (storage included) without navigating; logout() is the user-facing way. */
  function $reset(): void {
    tokenSlot.clear();
    clearSession();
    notice.value = null;
  }

  return {
    token, user, userId, role, isAuthenticated, expiresAt, notice,
    login, register, logout, logoutEverywhere, changePassword, loadUser, onLogout, $reset,
  };
});
