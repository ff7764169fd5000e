import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../testing/app';
import { envelope } from '../../testing/fake-api';
import { freshAppPerTest } from '../../testing/lifecycle';
import { anOrder } from '../../testing/orders';
import { makeToken } from '../../testing/tokens';
import { TOKEN_KEY } from '../../stores/auth';
import OrdersListPage from './OrdersListPage.vue';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;

async function mountAt(path = '/orders') {
  localStorage.setItem(TOKEN_KEY, makeToken({ role: 'staff' }));
  t = await setupApp();
  await t.router.push(path);
  const wrapper = mount(OrdersListPage, { global: { plugins: [t.pinia, t.router] } });
  return wrapper;
}

describe('OrdersListPage', () => {
  it('shows a loading state, then orders with status text, unread count and total', async () => {
    let answer: (reply: { status: number; body: unknown }) => void = () => undefined;
    api.on('GET', '/api/orders', () => new Promise((resolve) => (answer = resolve)));
    const wrapper = await mountAt();
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toContain('Loading orders…');

    answer({ status: 200, body: { items: [anOrder({ status: 'shipped', unreadCount: 2 })], nextCursor: null } });
    await flushPromises();

    const row = wrapper.get('.order-row');
    expect(row.text()).toContain('Order #1042');
    expect(row.text()).toContain('Shipped');
    expect(row.text()).toContain('2 unread messages');
    expect(row.text()).toContain('$37.00');
    expect(row.text()).toContain('Ann Customer');
  });

  it('shows an empty state', async () => {
    api.on('GET', '/api/orders', { status: 200, body: { items: [], nextCursor: null } });
    const wrapper = await mountAt();
    await flushPromises();
    expect(wrapper.text()).toContain('No orders yet.');
  });

  it('shows an error with a retry that works', async () => {
    api.on('GET', '/api/orders', { status: 503, body: envelope('unavailable', 'The database is unreachable.') });
    const wrapper = await mountAt();
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('The database is unreachable.');

    api.on('GET', '/api/orders', { status: 200, body: { items: [anOrder()], nextCursor: null } });
    await wrapper.get('[role="alert"] button').trigger('click');
    await flushPromises();
    expect(wrapper.find('.order-row').exists()).toBe(true);
  });

  it('loads more with the cursor and filters by status through the URL', async () => {
    api.on('GET', '/api/orders', (req) =>
      req.url.searchParams.get('cursor')
        ? { status: 200, body: { items: [anOrder({ id: 'o-0', number: 1000 })], nextCursor: null } }
        : { status: 200, body: { items: [anOrder()], nextCursor: 'next-1' } },
    );
    const wrapper = await mountAt();
    await flushPromises();

    await wrapper.findAll('button').find((b) => b.text() === 'Load more')!.trigger('click');
    await flushPromises();
    expect(api.requests.at(-1)?.url.searchParams.get('cursor')).toBe('next-1');
    expect(wrapper.findAll('.order-row')).toHaveLength(2);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);

    await wrapper.get('#status-filter').setValue('cancelled');
    await vi.waitFor(() => expect(api.requests.at(-1)?.url.searchParams.get('status')).toBe('cancelled'));
    expect(t.router.currentRoute.value.query.status).toBe('cancelled');
  });
});
