import { describe, expect, it } from 'vitest';
import { safeRedirect } from '../lib/redirect';
import type { TestApp } from '../testing/app';
import { freshAppPerTest } from '../testing/lifecycle';
import { aUser, makeToken } from '../testing/tokens';
import type { Role } from '../api/types';
import { TOKEN_KEY } from '../stores/auth';
import { useNotificationsStore } from '../stores/notifications';
import { NOT_ALLOWED_MESSAGE } from './guards';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;

async function bootAs(role: Role | null): Promise<TestApp> {
  if (role) localStorage.setItem(TOKEN_KEY, makeToken({ sub: 'u-1', role }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser({ role: role ?? 'customer' }) } });
  t = await setupApp();
  return t;
}
const path = () => t.router.currentRoute.value.fullPath;

describe('installAuthGuard', () => {
  it('sends a signed-out visitor to /login with the full path to come back to', async () => {
    await bootAs(null);
    await t.router.push('/orders/o-1?tab=chat#top');
    expect(t.router.currentRoute.value.name).toBe('login');
    expect(t.router.currentRoute.value.query.redirect).toBe('/orders/o-1?tab=chat#top');
  });

  it('lets a signed-in user through', async () => {
    await bootAs('customer');
    await t.router.push('/orders/o-1');
    expect(path()).toBe('/orders/o-1');
  });

  it('keeps a customer out of the admin pages, with a message', async () => {
    await bootAs('customer');
    await t.router.push('/admin/users');
    expect(path()).toBe('/orders');
    expect(useNotificationsStore().items.map((n) => n.text)).toContain(NOT_ALLOWED_MESSAGE);
  });

  it('lets an admin into the admin pages', async () => {
    await bootAs('admin');
    await t.router.push('/admin/users');
    expect(path()).toBe('/admin/users');
  });

  it('sends a signed-in user away from /login to the redirect target', async () => {
    await bootAs('customer');
    await t.router.push('/login?redirect=/orders/o-9');
    expect(path()).toBe('/orders/o-9');
  });

  it.each(['//evil.com', '/\\evil.com', 'https://evil.com', '/%0d//evil.com'.replace('%0d', '\r')])(
    'refuses to redirect outside the app: %s',
    async (target) => {
      await bootAs('customer');
      await t.router.push({ path: '/login', query: { redirect: target } });
      expect(path()).toBe('/orders');
    },
  );

  it('shows the 404 page for unknown paths', async () => {
    await bootAs(null);
    await t.router.push('/no/such/page');
    expect(t.router.currentRoute.value.name).toBe('not-found');
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/orders/1?x=1#h', '/orders/1?x=1#h'],
    ['/admin/users', '/admin/users'],
    ['//evil.com', null],
    ['//evil.com/orders', null],
    ['/\\evil.com', null],
    ['https://evil.com/orders', null],
    ['javascript:alert(1)', null],
    ['orders', null],
    ['/orders\n', null],
    [['/orders', '/x'], '/orders'],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
