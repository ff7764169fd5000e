import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import App from './App.vue';
import type { TestApp } from './testing/app';
import { freshAppPerTest } from './testing/lifecycle';
import { aUser, makeToken } from './testing/tokens';
import { TOKEN_KEY } from './stores/auth';
import { useNotificationsStore } from './stores/notifications';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;

async function mountApp(role: 'customer' | 'admin' | null) {
  if (role) localStorage.setItem(TOKEN_KEY, makeToken({ role }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser({ role: role ?? 'customer', name: 'Ann Customer' }) } });
  api.on('GET', '/api/orders', { status: 200, body: { items: [], nextCursor: null } });
  t = await setupApp();
  const wrapper = mount(App, { global: { plugins: [t.pinia, t.router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('App shell', () => {
  it('has a live region that reads out notices, with a way to dismiss them', async () => {
    const wrapper = await mountApp(null);
    const region = wrapper.get('.notices');
    expect(region.attributes('aria-live')).toBe('polite');
    useNotificationsStore().notify("You don't have permission to do that.", 'error');
    await flushPromises();
    expect(region.text()).toContain("Error: You don't have permission to do that.");
    await region.get('button').trigger('click');
    expect(region.text()).toBe('');
  });

  it('shows the signed-in user, their role and a Log out button; Users only for admins', async () => {
    const wrapper = await mountApp('customer');
    const header = wrapper.get('.app-header');
    expect(header.text()).toContain('Ann Customer');
    expect(header.text()).toContain('customer');
    expect(header.findAll('a').map((a) => a.text())).not.toContain('Users');
    await header.findAll('button').find((b) => b.text() === 'Log out')!.trigger('click');
    await flushPromises();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(t.router.currentRoute.value.name).toBe('login');
  });

  it('links admins to the Users page', async () => {
    const wrapper = await mountApp('admin');
    expect(wrapper.get('.app-header').findAll('a').map((a) => a.text())).toContain('Users');
  });
});
