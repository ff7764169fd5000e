import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { AdminUser } from '../../api/types';
import type { TestApp } from '../../testing/app';
import { freshAppPerTest } from '../../testing/lifecycle';
import { aUser, makeToken } from '../../testing/tokens';
import { TOKEN_KEY } from '../../stores/auth';
import AdminUsersPage from './AdminUsersPage.vue';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;
const me: AdminUser = { ...aUser({ id: 'admin-1', name: 'Ada Admin', role: 'admin' }), disabled: false };
const bob: AdminUser = { ...aUser({ id: 'u-2', name: 'Bob Staff', role: 'staff', email: 'bob@example.test' }), disabled: false };

async function mountPage() {
  localStorage.setItem(TOKEN_KEY, makeToken({ sub: me.id, role: 'admin' }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: me } });
  api.on('GET', '/api/users', { status: 200, body: { items: [me, bob], nextCursor: null } });
  t = await setupApp();
  await t.router.push('/admin/users');
  const wrapper = mount(AdminUsersPage, { global: { plugins: [t.pinia, t.router] } });
  await flushPromises();
  return wrapper;
}

describe('AdminUsersPage', () => {
  it('offers disable for others but not for yourself', async () => {
    const wrapper = await mountPage();
    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]?.text()).toContain('Ada Admin (you)');
    expect(rows[0]?.find('button').exists()).toBe(false);
    expect(rows[1]?.get('button').text()).toBe('Disable');
    expect(rows[1]?.get('button').attributes('aria-label')).toBe('Disable Bob Staff');
  });

  it('disables a user and shows the new status as text', async () => {
    api.on('PATCH', '/api/users/u-2', { status: 200, body: { ...bob, disabled: true } });
    const wrapper = await mountPage();

    await wrapper.findAll('tbody tr')[1]!.get('button').trigger('click');
    await flushPromises();

    expect(api.calls('PATCH', '/api/users/u-2')[0]?.body).toEqual({ disabled: true });
    expect(wrapper.findAll('tbody tr')[1]?.text()).toContain('Disabled');
    expect(wrapper.findAll('tbody tr')[1]?.get('button').attributes('aria-label')).toBe('Enable Bob Staff');
  });

  it('searches by text and role', async () => {
    const wrapper = await mountPage();
    await wrapper.get('#user-search').setValue('bob');
    await wrapper.get('#user-role').setValue('staff');
    await wrapper.get('form[role="search"]').trigger('submit');
    await flushPromises();
    const last = api.calls('GET', '/api/users').at(-1);
    expect(last?.url.searchParams.get('q')).toBe('bob');
    expect(last?.url.searchParams.get('role')).toBe('staff');
  });

  it('creates a user and lists it first', async () => {
    const carol: AdminUser = { ...aUser({ id: 'u-3', name: 'Carol', role: 'customer', email: 'carol@example.test' }), disabled: false };
    api.on('POST', '/api/users', { status: 201, body: carol });
    const wrapper = await mountPage();

    await wrapper.get('#new-user-name').setValue('Carol');
    await wrapper.get('#new-user-email').setValue('carol@example.test');
    await wrapper.get('#new-user-password').setValue('a-long-password');
    await wrapper.get('#new-user-role').setValue('customer');
    await wrapper.get('form[aria-labelledby="create-user-title"]').trigger('submit');
    await flushPromises();

    expect(api.calls('POST', '/api/users')[0]?.body).toEqual({ name: 'Carol', email: 'carol@example.test', password: 'a-long-password', role: 'customer' });
    expect(wrapper.findAll('tbody tr')[0]?.text()).toContain('Carol');
  });
});
