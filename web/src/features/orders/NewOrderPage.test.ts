import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../testing/app';
import { envelope } from '../../testing/fake-api';
import { freshAppPerTest } from '../../testing/lifecycle';
import { anOrder } from '../../testing/orders';
import { aUser, makeToken } from '../../testing/tokens';
import { TOKEN_KEY } from '../../stores/auth';
import { useOrdersStore } from '../../stores/orders';
import NewOrderPage from './NewOrderPage.vue';

const { api, setupApp } = freshAppPerTest();
let t: TestApp;

async function mountPage(role: 'customer' | 'staff' = 'customer', path = '/orders/new', setup: () => void = () => {}) {
  localStorage.setItem(TOKEN_KEY, makeToken({ sub: 'u-1', role }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser({ role }) } });
  t = await setupApp();
  setup();
  await t.router.push(path);
  return mount(NewOrderPage, { global: { plugins: [t.pinia, t.router] }, attachTo: document.body });
}

async function fillRow(wrapper: VueWrapper, i: number, name: string, quantity: string, price: string) {
  await wrapper.get(`#item-${i}-name`).setValue(name);
  await wrapper.get(`#item-${i}-quantity`).setValue(quantity);
  await wrapper.get(`#item-${i}-price`).setValue(price);
}

async function fillTwoRows(wrapper: VueWrapper) {
  await fillRow(wrapper, 0, 'Espresso beans 1kg', '2', '18.50');
  await wrapper.findAll('button').find((b) => b.text() === 'Add item')!.trigger('click');
  await fillRow(wrapper, 1, 'Filter papers', '3', '0.29');
}

const placed = () => api.calls('POST', '/api/orders');

describe('NewOrderPage', () => {
  it('shows a live total formatted from cents', async () => {
    const wrapper = await mountPage();
    await fillTwoRows(wrapper);
    // 2 × $18.50 + 3 × $0.29 — 0.29 must be 29 cents, not 28.999…
    expect(wrapper.get('.order-total').text()).toBe('Total: $37.87');
  });

  it('sends integer cents and an Idempotency-Key, then opens the new order', async () => {
    api.on('POST', '/api/orders', { status: 201, body: anOrder({ id: 'o-new' }) });
    const wrapper = await mountPage();
    await fillTwoRows(wrapper);
    await wrapper.get('#order-note').setValue('  Leave at the door  ');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(placed()).toHaveLength(1);
    expect(placed()[0]?.body).toEqual({
      items: [
        { name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 },
        { name: 'Filter papers', quantity: 3, unitPriceCents: 29 },
      ],
      note: 'Leave at the door',
    });
    expect(placed()[0]?.headers.get('Idempotency-Key')).toMatch(/^[\x21-\x7e]{16,200}$/);
    await vi.waitFor(() => expect(t.router.currentRoute.value.fullPath).toBe('/orders/o-new'));
  });

  it('a double click places one order', async () => {
    let answer: (reply: { status: number; body: unknown }) => void = () => undefined;
    api.on('POST', '/api/orders', () => new Promise((resolve) => (answer = resolve)));
    const wrapper = await mountPage();
    await fillRow(wrapper, 0, 'Beans', '1', '10');

    await wrapper.get('form').trigger('submit');
    await wrapper.get('form').trigger('submit');
    answer({ status: 201, body: anOrder({ id: 'o-new' }) });
    await flushPromises();

    expect(placed()).toHaveLength(1);
  });

  it('retries an unchanged form with the same key, and an edited one with a new key', async () => {
    api.on('POST', '/api/orders', { status: 503, body: envelope('unavailable', 'Try again shortly.') });
    const wrapper = await mountPage();
    await fillRow(wrapper, 0, 'Beans', '1', '10');

    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await wrapper.get('#item-0-quantity').setValue('2');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const keys = placed().map((r) => r.headers.get('Idempotency-Key'));
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(wrapper.get('[role="alert"]').text()).toBe('Try again shortly.');
  });

  it('puts server details next to the right row and field', async () => {
    api.on('POST', '/api/orders', {
      status: 422,
      body: envelope('validation_failed', 'The order is invalid.', [{ path: 'items.1.quantity', message: 'must be at most 1000' }]),
    });
    const wrapper = await mountPage();
    await fillTwoRows(wrapper);

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#item-1-quantity').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#item-1-quantity-error').text()).toBe('Item 2 quantity must be at most 1000.');
    expect(wrapper.find('#item-0-quantity-error').exists()).toBe(false);
  });

  it('checks the limits before sending', async () => {
    const wrapper = await mountPage();
    await fillRow(wrapper, 0, '', '1001', '18.505');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(placed()).toHaveLength(0);
    expect(wrapper.find('#item-0-name-error').exists()).toBe(true);
    expect(wrapper.find('#item-0-quantity-error').exists()).toBe(true);
    expect(wrapper.find('#item-0-price-error').exists()).toBe(true);
  });

  it('adds and removes item rows', async () => {
    const wrapper = await mountPage();
    expect(wrapper.findAll('fieldset')).toHaveLength(1);
    expect(wrapper.findAll('button').some((b) => b.text().startsWith('Remove'))).toBe(false);
    await fillTwoRows(wrapper);
    expect(wrapper.findAll('fieldset')).toHaveLength(2);

    await wrapper.findAll('button').find((b) => b.text() === 'Remove item 1')!.trigger('click');

    expect(wrapper.findAll('fieldset')).toHaveLength(1);
    expect((wrapper.get('#item-0-name').element as HTMLInputElement).value).toBe('Filter papers');
    expect(wrapper.get('.order-total').text()).toBe('Total: $0.87');
  });

  describe('for staff', () => {
    const ann = { id: '0b5e3c4a-8f1e-4c2b-9d7a-1a2b3c4d5e6f', name: 'Ann Customer' };
    const knowAnn = () => useOrdersStore().upsert(anOrder({ id: 'o-1', customer: ann }));

    it('offers the customers of known orders and sends the chosen one as customerId', async () => {
      api.on('POST', '/api/orders', { status: 201, body: anOrder({ id: 'o-new', customer: ann }) });
      const wrapper = await mountPage('staff', '/orders/new', knowAnn);
      const options = wrapper.findAll('#order-customer-choice option').map((o) => o.text());
      expect(options).toEqual(['Myself', 'Ann Customer', 'Another customer (enter their ID)']);
      expect(wrapper.find('#order-customer').exists()).toBe(false);
      await wrapper.get('#order-customer-choice').setValue(ann.id);
      await fillRow(wrapper, 0, 'Tea', '1', '4.00');
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      expect(placed()[0]?.body).toMatchObject({ customerId: ann.id });
    });

    it('takes the customer from ?customer= (an order\'s "New order for …" link)', async () => {
      const wrapper = await mountPage('staff', `/orders/new?customer=${ann.id}`, knowAnn);
      expect((wrapper.get('#order-customer-choice').element as HTMLSelectElement).value).toBe(ann.id);
    });

    it('asks for an ID only for another customer, and places for themself by default', async () => {
      api.on('POST', '/api/orders', { status: 201, body: anOrder({ id: 'o-new' }) });
      const wrapper = await mountPage('staff');
      await wrapper.get('#order-customer-choice').setValue('by-id');
      expect(wrapper.find('#order-customer').exists()).toBe(true);
      await wrapper.get('#order-customer-choice').setValue('');
      await fillRow(wrapper, 0, 'Tea', '1', '4.00');
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      expect(placed()[0]?.body).not.toHaveProperty('customerId');
    });

    it('asks for the ID instead of placing the order under their own name when "Another customer" is left empty', async () => {
      const wrapper = await mountPage('staff');
      await wrapper.get('#order-customer-choice').setValue('by-id');
      await fillRow(wrapper, 0, 'Tea', '1', '4.00');
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      expect(placed()).toHaveLength(0);
      expect(wrapper.get('#order-customer').attributes('aria-invalid')).toBe('true');
    });

    it('marks the picked customer invalid when the server refuses them', async () => {
      api.on('POST', '/api/orders', { status: 422, body: envelope('validation_failed', 'The request body is invalid.', [{ path: 'customerId', message: 'must name a customer account' }]) });
      const wrapper = await mountPage('staff', '/orders/new', knowAnn);
      await wrapper.get('#order-customer-choice').setValue(ann.id);
      await fillRow(wrapper, 0, 'Tea', '1', '4.00');
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      expect(wrapper.get('#order-customer-choice').attributes('aria-invalid')).toBe('true');
      expect(wrapper.get('#order-customer-choice-error').text()).toContain('must name a customer account');
    });
  });
});
