import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../testing/app';
import { envelope } from '../testing/fake-api';
import { freshAppPerTest } from '../testing/lifecycle';
import { aUser, makeToken } from '../testing/tokens';
import { TOKEN_KEY, useAuthStore } from '../stores/auth';
import { useNotificationsStore } from '../stores/notifications';
import { ApiError } from './api-error';
import { FORBIDDEN_MESSAGE, http } from './http';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;
const token = makeToken({ sub: 'u-1' });

beforeEach(async () => {
  localStorage.setItem(TOKEN_KEY, token);
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser() } });
  t = await setupApp();
});

const authorizationOf = (i: number) => api.requests[i]?.headers.get('Authorization');

describe('request interceptor', () => {
  it('attaches the bearer token to requests for the API (relative URL)', async () => {
    api.on('GET', '/api/orders', { status: 200, body: { items: [], nextCursor: null } });
    await http.get('/api/orders');
    expect(api.calls('GET', '/api/orders')[0]?.headers.get('Authorization')).toBe(`Bearer ${token}`);
  });

  it('attaches it to an absolute URL on the API origin too', async () => {
    api.on('GET', '/api/health', { status: 200, body: {} });
    await http.get(`${window.location.origin}/api/health`);
    expect(authorizationOf(api.requests.length - 1)).toBe(`Bearer ${token}`);
  });

  it.each(['https://evil.example/api/orders', '//evil.example/api/orders', 'http://localhost:9999/api/orders'])(
    'never sends the token to another origin: %s',
    async (url) => {
      api.on('GET', '/api/orders', { status: 200, body: {} });
      await http.get(url);
      const last = api.requests[api.requests.length - 1];
      expect(last?.url.origin).not.toBe(window.location.origin);
      expect(last?.headers.has('Authorization')).toBe(false);
    },
  );

  it('sends no header when signed out', async () => {
    await useAuthStore().logout();
    api.on('GET', '/api/orders', { status: 200, body: {} });
    await http.get('/api/orders');
    expect(api.calls('GET', '/api/orders')[0]?.headers.has('Authorization')).toBe(false);
  });
});

describe('response interceptor', () => {
  it('on 401 logs out and routes to /login?redirect=<current path>', async () => {
    await t.router.push('/orders?status=shipped');
    api.on('GET', '/api/orders/o-1', { status: 401, body: envelope('unauthorized', 'The token is no longer valid.') });
    const closeStream = vi.fn();
    useAuthStore().onLogout(closeStream);

    await expect(http.get('/api/orders/o-1')).rejects.toBeInstanceOf(ApiError);

    expect(useAuthStore().isAuthenticated).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(closeStream).toHaveBeenCalled();
    await vi.waitFor(() => expect(t.router.currentRoute.value.name).toBe('login'));
    expect(t.router.currentRoute.value.query.redirect).toBe('/orders?status=shipped');
  });

  it('a 401 for a token that has been replaced since does not end the new session', async () => {
    const renewed = makeToken({ sub: 'u-1' });
    api.on('GET', '/api/orders', async () => {
      localStorage.setItem(TOKEN_KEY, renewed); // another tab renewed while this request was out
      window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_KEY, newValue: renewed }));
      return { status: 401, body: envelope('unauthorized', 'The token is no longer valid.') };
    });

    await expect(http.get('/api/orders')).rejects.toMatchObject({ status: 401 });

    expect(useAuthStore().token).toBe(renewed);
    expect(localStorage.getItem(TOKEN_KEY)).toBe(renewed);
  });

  it.each(['/api/auth/email-login', '/api/auth/register'])('a 401 from %s means bad credentials, not logout', async (path) => {
    api.on('POST', path, { status: 401, body: envelope('invalid_credentials', 'Email or password is incorrect.') });
    await expect(http.post(path, {})).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(useAuthStore().isAuthenticated).toBe(true);
    expect(localStorage.getItem(TOKEN_KEY)).toBe(token);
  });

  it('on 403 shows a message and stays signed in', async () => {
    api.on('PATCH', '/api/orders/o-1/status', { status: 403, body: envelope('forbidden', 'Forbidden.') });

    await expect(http.patch('/api/orders/o-1/status', { status: 'shipped' })).rejects.toMatchObject({ status: 403 });

    expect(useAuthStore().isAuthenticated).toBe(true);
    expect(localStorage.getItem(TOKEN_KEY)).toBe(token);
    expect(useNotificationsStore().items.map((n) => n.text)).toContain(FORBIDDEN_MESSAGE);
  });

  it('normalises other errors into ApiError and surfaces the envelope message', async () => {
    const details = [{ path: 'items.0.quantity', message: 'must be >= 1' }];
    api.on('POST', '/api/orders', { status: 422, body: envelope('validation_failed', 'The order is invalid.', details) });

    const error = await http.post('/api/orders', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', message: 'The order is invalid.', details, requestId: 'req-1' });
    expect(useNotificationsStore().items.map((n) => n.text)).toContain('The order is invalid.');
  });

  it('leaves the message to the caller when it asks for quiet errors', async () => {
    api.on('GET', '/api/orders', { status: 500, body: envelope('internal', 'Something broke.') });
    await expect(http.get('/api/orders', { quietErrors: true })).rejects.toMatchObject({ status: 500, message: 'Something broke.' });
    expect(useNotificationsStore().items).toEqual([]);
  });

  it('turns a network failure into ApiError status 0', async () => {
    http.defaults.adapter = async () => {
      throw Object.assign(new Error('Network Error'), { isAxiosError: true, code: 'ERR_NETWORK', config: {} });
    };
    await expect(http.get('/api/orders', { quietErrors: true })).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
