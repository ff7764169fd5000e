import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Order, Role } from '../../api/types';
import type { TestApp } from '../../testing/app';
import { envelope } from '../../testing/fake-api';
import { freshAppPerTest } from '../../testing/lifecycle';
import { anOrder, withStatus } from '../../testing/orders';
import { aUser, makeToken } from '../../testing/tokens';
import { TOKEN_KEY } from '../../stores/auth';
import OrderDetailPage from './OrderDetailPage.vue';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;

async function mountWith(order: Order, role: Role = 'staff') {
  localStorage.setItem(TOKEN_KEY, makeToken({ sub: 'u-9', role }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser({ id: 'u-9', role }) } });
  api.on('GET', `/api/orders/${order.id}`, { status: 200, body: order, headers: { etag: `"${order.version}"` } });
  t = await setupApp();
  await t.router.push(`/orders/${order.id}`);
  const wrapper = mount(OrderDetailPage, { props: { id: order.id }, global: { plugins: [t.pinia, t.router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const buttonTexts = (wrapper: VueWrapper) => wrapper.findAll('.status-actions button').map((b) => b.text());
const clickButton = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find((b) => b.text() === text)!.trigger('click');
const patches = () => api.requests.filter((r) => r.method === 'PATCH');

describe('OrderDetailPage', () => {
  it('offers staff a new order for the same customer, and customers no such link', async () => {
    const staffView = await mountWith(anOrder());
    const link = staffView.findAll('a').find((a) => a.text() === 'New order for Ann Customer');
    expect(link?.attributes('href')).toBe('/orders/new?customer=u-1');
    t.dispose();
    document.body.innerHTML = '';
    const customerView = await mountWith(anOrder(), 'customer');
    expect(customerView.findAll('a').some((a) => a.text().startsWith('New order for'))).toBe(false);
  });

  it('shows items, total and the status timeline with who, when and note', async () => {
    const order = anOrder({
      status: 'confirmed',
      history: [
        { from: null, to: 'pending', by: { id: 'u-1', name: 'Ann Customer', role: 'customer' }, note: null, at: '2026-11-28T12:00:00.000Z' },
        { from: 'pending', to: 'confirmed', by: { id: 'u-2', name: 'Sam Staff', role: 'staff' }, note: '<b>on it</b>', at: '2026-11-28T12:05:00.000Z' },
      ],
    });
    const wrapper = await mountWith(order);

    expect(wrapper.get('h1').text()).toBe('Order #1042');
    expect(wrapper.text()).toContain('Espresso beans 1kg');
    expect(wrapper.get('tfoot').text()).toContain('$37.00');
    const steps = wrapper.findAll('.timeline li');
    expect(steps).toHaveLength(2);
    expect(steps[1]?.text()).toContain('Pending → Confirmed');
    expect(steps[1]?.text()).toContain('by Sam Staff (staff)');
    expect(steps[1]?.find('time').attributes('datetime')).toBe('2026-11-28T12:05:00.000Z');
    // Notes are text, never markup.
    expect(steps[1]?.text()).toContain('Note: <b>on it</b>');
    expect(steps[1]?.find('b').exists()).toBe(false);
  });

  it('offers exactly the allowed transitions', async () => {
    const wrapper = await mountWith(withStatus('confirmed', ['preparing', 'cancelled']));
    expect(buttonTexts(wrapper)).toEqual(['Start preparing', 'Cancel order']);
  });

  it('offers a customer only what the server allows (cancel a pending order)', async () => {
    const wrapper = await mountWith(withStatus('pending', ['cancelled']), 'customer');
    expect(buttonTexts(wrapper)).toEqual(['Cancel order']);
  });

  it('offers nothing when nothing is allowed', async () => {
    const wrapper = await mountWith(withStatus('confirmed', []), 'customer');
    expect(buttonTexts(wrapper)).toEqual([]);
    expect(wrapper.text()).toContain('There is nothing you can change on this order right now.');
  });

  it('moves the order with If-Match and shows the result', async () => {
    const order = withStatus('confirmed', ['preparing', 'cancelled'], 4);
    api.on('PATCH', '/api/orders/o-1/status', { status: 200, body: { ...withStatus('preparing', ['shipped', 'cancelled'], 5) } });
    const wrapper = await mountWith(order);

    await clickButton(wrapper, 'Start preparing');
    await flushPromises();

    expect(patches()[0]?.body).toEqual({ status: 'preparing' });
    expect(patches()[0]?.headers.get('If-Match')).toBe('"4"');
    expect(buttonTexts(wrapper)).toEqual(['Mark as shipped', 'Cancel order']);
  });

  it('requires a reason to cancel a confirmed order', async () => {
    api.on('PATCH', '/api/orders/o-1/status', { status: 200, body: withStatus('cancelled', [], 3) });
    const wrapper = await mountWith(withStatus('confirmed', ['preparing', 'cancelled']));

    await clickButton(wrapper, 'Cancel order');
    expect(wrapper.get('label[for="cancel-reason"]').text()).toBe('Reason for cancelling (required)');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(patches()).toHaveLength(0);
    expect(wrapper.get('#cancel-reason').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#cancel-reason-error').text()).toContain('Give a reason');

    await wrapper.get('#cancel-reason').setValue('  Out of stock  ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(patches()).toHaveLength(1);
    expect(patches()[0]?.body).toEqual({ status: 'cancelled', note: 'Out of stock' });
  });

  it('lets a pending order be cancelled without a reason', async () => {
    api.on('PATCH', '/api/orders/o-1/status', { status: 200, body: withStatus('cancelled', [], 3) });
    const wrapper = await mountWith(withStatus('pending', ['cancelled']), 'customer');

    await clickButton(wrapper, 'Cancel order');
    expect(wrapper.get('label[for="cancel-reason"]').text()).toBe('Reason for cancelling (optional)');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(patches()[0]?.body).toEqual({ status: 'cancelled' });
  });

  it.each([409, 412])('reloads the order with a message on %i', async (status) => {
    const wrapper = await mountWith(withStatus('pending', ['confirmed', 'cancelled'], 1));
    api.on('PATCH', '/api/orders/o-1/status', { status, body: envelope(status === 409 ? 'invalid_transition' : 'precondition_failed', 'Stale.') });
    api.on('GET', '/api/orders/o-1', { status: 200, body: withStatus('confirmed', ['preparing', 'cancelled'], 2) });

    await clickButton(wrapper, 'Confirm order');
    await flushPromises();

    expect(api.calls('GET', '/api/orders/o-1')).toHaveLength(2);
    expect(wrapper.get('.feedback').text()).toContain('It has been reloaded');
    expect(buttonTexts(wrapper)).toEqual(['Start preparing', 'Cancel order']);
  });

  it('says when the order does not exist (or is not yours)', async () => {
    localStorage.setItem(TOKEN_KEY, makeToken({ sub: 'u-9', role: 'customer' }));
    api.on('GET', '/api/orders/o-404', { status: 404, body: envelope('not_found', 'No such order.') });
    t = await setupApp();
    const wrapper = mount(OrderDetailPage, { props: { id: 'o-404' }, global: { plugins: [t.pinia, t.router] } });
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Order not found');
  });
});
