import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../testing/app';
import { envelope } from '../../testing/fake-api';
import { freshAppPerTest } from '../../testing/lifecycle';
import { aTokenResponse } from '../../testing/tokens';
import { LOGOUT_NOTICES, TOKEN_KEY, useAuthStore } from '../../stores/auth';
import LoginPage from './LoginPage.vue';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;

async function mountAt(path: string) {
  t = await setupApp();
  await t.router.push(path);
  return mount(LoginPage, { global: { plugins: [t.pinia, t.router] }, attachTo: document.body });
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountAt>>, email = 'ann@example.test', password = 'secret-password') {
  await wrapper.get('#login-email').setValue(email);
  await wrapper.get('#login-password').setValue(password);
  await wrapper.get('form').trigger('submit');
}

describe('LoginPage', () => {
  it('labels every input', async () => {
    const wrapper = await mountAt('/login');
    for (const id of ['login-email', 'login-password']) expect(wrapper.find(`label[for="${id}"]`).exists()).toBe(true);
    expect(wrapper.get('button[type="submit"]').text()).toBe('Sign in');
  });

  it('shows server validation details next to the right field', async () => {
    api.on('POST', '/api/auth/email-login', {
      status: 422,
      body: envelope('validation_failed', 'The request is invalid.', [{ path: 'password', message: 'must be at most 1024 characters' }]),
    });
    const wrapper = await mountAt('/login');

    await fillAndSubmit(wrapper);
    await flushPromises();

    const password = wrapper.get('#login-password');
    expect(password.attributes('aria-invalid')).toBe('true');
    expect(password.attributes('aria-describedby')).toContain('login-password-error');
    expect(wrapper.get('#login-password-error').text()).toBe('Password must be at most 1024 characters.');
    expect(wrapper.get('#login-email').attributes('aria-invalid')).toBeUndefined();
    expect(wrapper.get('[role="alert"]').text()).toBe('The request is invalid.');
  });

  it('announces wrong credentials and stays signed out', async () => {
    api.on('POST', '/api/auth/email-login', { status: 401, body: envelope('invalid_credentials', 'Email or password is incorrect.') });
    const wrapper = await mountAt('/login');

    await fillAndSubmit(wrapper);
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toBe('Email or password is incorrect.');
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('disables the submit button while signing in', async () => {
    let answer: (value: { status: number; body: unknown }) => void = () => undefined;
    api.on('POST', '/api/auth/email-login', () => new Promise((resolve) => (answer = resolve)));
    const wrapper = await mountAt('/login');

    await fillAndSubmit(wrapper);
    await wrapper.get('form').trigger('submit');

    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(api.calls('POST', '/api/auth/email-login')).toHaveLength(1);
    answer({ status: 401, body: envelope('invalid_credentials', 'Email or password is incorrect.') });
    await flushPromises();
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });

  it('goes back to the redirect target after signing in', async () => {
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    api.on('GET', '/api/orders/o-7', { status: 404, body: envelope('not_found', 'No such order.') });
    const wrapper = await mountAt('/login?redirect=/orders/o-7%3Ftab%3Dchat');

    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(t.router.currentRoute.value.fullPath).toBe('/orders/o-7?tab=chat'));
    expect(localStorage.getItem(TOKEN_KEY)).not.toBeNull();
  });

  it('ignores a redirect to another site', async () => {
    api.on('POST', '/api/auth/email-login', { status: 200, body: aTokenResponse() });
    api.on('GET', '/api/orders', { status: 200, body: { items: [], nextCursor: null } });
    const wrapper = await mountAt('/login?redirect=//evil.com/phish');

    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(t.router.currentRoute.value.fullPath).toBe('/orders'));
  });

  it('checks for empty fields before calling the server', async () => {
    const wrapper = await mountAt('/login');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#login-email-error').text()).toBe('Enter your email address.');
    expect(api.calls('POST', '/api/auth/email-login')).toHaveLength(0);
  });

  it('tells why the last session ended', async () => {
    const wrapper = await mountAt('/login');
    useAuthStore().notice = LOGOUT_NOTICES.expired;
    await flushPromises();
    expect(wrapper.text()).toContain('Your session expired; please sign in again.');
  });
});
