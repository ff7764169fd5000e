import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelope } from '../testing/fake-api';
import { flush, type TestApp } from '../testing/app';
import { freshAppPerTest } from '../testing/lifecycle';
import { aTokenResponse, aUser, makeToken, nowSeconds } from '../testing/tokens';
import { LOGOUT_NOTICES, TOKEN_KEY, useAuthStore } from './auth';
import { useOrdersStore } from './orders';
import { useUsersStore } from './users';
import { useNotificationsStore } from './notifications';

const anOrder = { id: 'o-1', number: 1, customer: { id: 'u-1', name: 'Ann' }, status: 'pending' as const, items: [], totalCents: 0, currency: 'USD', note: null, version: 1, allowedTransitions: [], unreadCount: 0, createdAt: '', updatedAt: '' };

let t: TestApp | undefined;

/** Starts the app (router, pinia, guard); the auth store hydrates from whatever storage holds now. */
async function boot(): Promise<TestApp> {
  t = await setupApp();
  return t;
}

const routeOf = () => t!.router.currentRoute.value;

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** What the browser does in *this* tab when another tab writes the key. */
function otherTabWrites(value: string | null): void {
  if (value === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, value);
  window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_KEY, newValue: value }));
}

// Registered before freshAppPerTest so that it runs after the app is disposed: no auth store may act on this visibility change.
afterEach(() => {
  vi.useRealTimers();
  setVisibility('visible');
});
const { api, setupApp } = freshAppPerTest();

beforeEach(() => {
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser() } });
});

describe('useAuthStore', () => {
  it('login stores the token under orderly.token and exposes the session', async () => {
    await boot();
    const session = aTokenResponse(aUser({ role: 'staff' }));
    api.on('POST', '/api/auth/email-login', { status: 200, body: session });
    const auth = useAuthStore();

    await auth.login('ann@example.test', 'secret-password');

    expect(localStorage.getItem(TOKEN_KEY)).toBe(session.token);
    expect(auth.token).toBe(session.token);
    expect(auth.isAuthenticated).toBe(true);
    expect(auth.role).toBe('staff');
    expect(auth.user?.email).toBe('ann@example.test');
    expect(auth.expiresAt).toBeGreaterThan(Date.now());
    expect(api.calls('POST', '/api/auth/email-login')[0]?.body).toEqual({ email: 'ann@example.test', password: 'secret-password' });
  });

  it('logout removes the token, runs onLogout hooks, resets every store and goes to /login', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');
    await t!.router.push('/orders');
    const orders = useOrdersStore();
    orders.upsert(anOrder);
    const users = useUsersStore();
    users.items = [{ ...aUser(), disabled: false }];
    useNotificationsStore().notify('hello');
    const closeStream = vi.fn();
    auth.onLogout(closeStream);

    await auth.logout();

    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(auth.isAuthenticated).toBe(false);
    expect(auth.user).toBeNull();
    expect(closeStream).toHaveBeenCalledOnce();
    expect(orders.byId).toEqual({});
    expect(users.items).toEqual([]);
    expect(useNotificationsStore().items).toEqual([]);
    await vi.waitFor(() => expect(routeOf().fullPath).toBe('/login'));
  });

  it('hydrates a valid stored token at start-up and loads the user', async () => {
    const token = makeToken({ sub: 'u-1', role: 'admin' });
    localStorage.setItem(TOKEN_KEY, token);
    api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser({ role: 'admin', name: 'Ada Admin' }) } });
    await boot();

    const auth = useAuthStore();
    expect(auth.token).toBe(token);
    expect(auth.isAuthenticated).toBe(true);
    expect(auth.role).toBe('admin');
    await flush();
    expect(api.calls('GET', '/api/auth/me')).toHaveLength(1);
    expect(auth.user?.name).toBe('Ada Admin');
    expect(localStorage.getItem(TOKEN_KEY)).toBe(token);
  });

  it('drops an expired stored token at start-up', async () => {
    localStorage.setItem(TOKEN_KEY, makeToken({ iat: nowSeconds() - 3600, exp: nowSeconds() - 10 }));
    await boot();

    const auth = useAuthStore();

    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(api.requests).toHaveLength(0);
    expect(auth.notice).toBe(LOGOUT_NOTICES.expired);
  });

  it('drops a stored value that is not a token', async () => {
    localStorage.setItem(TOKEN_KEY, 'not-a-jwt');
    await boot();
    expect(useAuthStore().isAuthenticated).toBe(false);
    expect(useAuthStore().notice).toBeNull();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('logs out by itself when the token expires, with a message for the login page', async () => {
    await boot();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    setVisibility('hidden'); // no renewal: this test is about expiry
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse(aUser(), 10 * 60) });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');
    await t!.router.push('/orders?status=pending');

    await vi.advanceTimersByTimeAsync(10 * 60 * 1000 - 1000);
    expect(auth.isAuthenticated).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);

    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(auth.notice).toBe('Your session expired; please sign in again.');
    await vi.waitFor(() => expect(routeOf().name).toBe('login'));
    expect(routeOf().query.redirect).toBe('/orders?status=pending');
  });

  it('renews a session two minutes before expiry while the tab is visible', async () => {
    await boot();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse(aUser(), 10 * 60) });
    const renewed = { current: '' };
    api.on('POST', '/api/auth/refresh', () => {
      const response = aTokenResponse(aUser(), 30 * 60);
      renewed.current = response.token;
      return { status: 200, body: response };
    });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');

    await vi.advanceTimersByTimeAsync(8 * 60 * 1000 - 1000);
    expect(api.calls('POST', '/api/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);

    expect(api.calls('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(auth.token).toBe(renewed.current);
    expect(localStorage.getItem(TOKEN_KEY)).toBe(renewed.current);
    // The old expiry no longer applies.
    await vi.advanceTimersByTimeAsync(3 * 60 * 1000);
    expect(auth.isAuthenticated).toBe(true);
  });

  it('waits for the tab to be visible before renewing', async () => {
    await boot();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    setVisibility('hidden');
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse(aUser(), 10 * 60) });
    api.on('POST', '/api/auth/refresh', () => ({ status: 200, body: aTokenResponse() }));
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');

    await vi.advanceTimersByTimeAsync(9 * 60 * 1000);
    expect(api.calls('POST', '/api/auth/refresh')).toHaveLength(0);
    setVisibility('visible');
    await flush();
    expect(api.calls('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('follows a logout in another tab', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');
    await t!.router.push('/orders');
    const closeStream = vi.fn();
    auth.onLogout(closeStream);

    otherTabWrites(null);
    await flush();

    expect(auth.isAuthenticated).toBe(false);
    expect(closeStream).toHaveBeenCalledOnce();
    expect(auth.notice).toBe(LOGOUT_NOTICES['other-tab']);
    await vi.waitFor(() => expect(routeOf().name).toBe('login'));
  });

  it('picks up a login from another tab: token, then the user from /api/auth/me', async () => {
    await boot();
    const auth = useAuthStore();
    await t!.router.push('/login?redirect=/orders/o-1');
    const token = makeToken({ sub: 'u-1', role: 'customer' });

    otherTabWrites(token);
    await flush(10);

    expect(auth.token).toBe(token);
    const me = api.calls('GET', '/api/auth/me');
    expect(me).toHaveLength(1);
    expect(me[0]?.headers.get('Authorization')).toBe(`Bearer ${token}`);
    expect(auth.user?.id).toBe('u-1');
    await vi.waitFor(() => expect(routeOf().fullPath).toBe('/orders/o-1'));
  });

  it('drops the previous account’s data when another tab signs in as someone else', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse(aUser({ id: 'u-1' })) });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');
    const orders = useOrdersStore();
    orders.upsert(anOrder);
    api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser({ id: 'u-2', name: 'Bob' }) } });

    otherTabWrites(makeToken({ sub: 'u-2', role: 'customer' }));
    await flush(10);

    expect(orders.byId).toEqual({});
    expect(auth.user?.name).toBe('Bob');
  });

  it('ignores a renewal in another tab for the same user except for taking the new token', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');
    const orders = useOrdersStore();
    orders.upsert(anOrder);
    const renewed = makeToken({ sub: 'u-1' });

    otherTabWrites(renewed);
    await flush();

    expect(auth.token).toBe(renewed);
    expect(orders.byId['o-1']).toBeDefined();
    expect(api.calls('GET', '/api/auth/me')).toHaveLength(0);
  });

  it('logoutEverywhere revokes on the server, then logs out', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    api.on('POST', '/api/auth/revoke-all', { status: 204 });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');

    await auth.logoutEverywhere();

    expect(api.calls('POST', '/api/auth/revoke-all')).toHaveLength(1);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('changePassword stores the new token', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    const next = aTokenResponse();
    api.on('PUT', '/api/auth/password', { status: 200, body: next });
    const auth = useAuthStore();
    await auth.login('ann@example.test', 'secret-password');

    await auth.changePassword('secret-password', 'another-secret');

    expect(localStorage.getItem(TOKEN_KEY)).toBe(next.token);
    expect(auth.token).toBe(next.token);
  });

  it('a failed login leaves no token behind', async () => {
    await boot();
    api.on('POST', '/api/auth/email-login', { status: 401, body: envelope('invalid_credentials', 'Email or password is incorrect.') });
    const auth = useAuthStore();

    await expect(auth.login('ann@example.test', 'wrong-password')).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(auth.isAuthenticated).toBe(false);
  });
});
