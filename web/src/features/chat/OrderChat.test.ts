import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { AxiosError } from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../testing/app';
import { freshAppPerTest } from '../../testing/lifecycle';
import { aMessage, aPage, CUSTOMER, STAFF } from '../../testing/messages';
import { aUser, makeToken } from '../../testing/tokens';
import { TOKEN_KEY } from '../../stores/auth';
import { useChatStore } from '../../stores/chat';
import OrderChat from './OrderChat.vue';

const MESSAGES = '/api/orders/o-1/messages';
const { api, setupApp } = freshAppPerTest();
let t: TestApp;
let wrapper: VueWrapper;

async function mountChat(items = [aMessage(1, { author: STAFF }), aMessage(2, { author: CUSTOMER })], nextCursor: string | null = null) {
  api.on('GET', MESSAGES, { status: 200, body: aPage(items, nextCursor) });
  t = await setupApp();
  wrapper = mount(OrderChat, { props: { orderId: 'o-1' }, global: { plugins: [t.pinia, t.router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const messages = () => wrapper.findAll('.msg');
const posts = () => api.calls('POST', MESSAGES);
async function type(text: string, key: Partial<KeyboardEventInit> = {}) {
  const field = wrapper.get('textarea');
  await field.setValue(text);
  await field.trigger('keydown', { key: 'Enter', ...key });
  await flushPromises();
}

beforeEach(() => {
  localStorage.setItem(TOKEN_KEY, makeToken({ sub: 'u-1', role: 'customer' }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser() } });
});
// Runs before freshAppPerTest's teardown: the chat unmounts while its stores are alive.
afterEach(() => {
  wrapper?.unmount();
});

describe('OrderChat', () => {
  it('renders bodies as text with their line breaks, author, role and time; ours stand apart', async () => {
    await mountChat([aMessage(1, { author: STAFF, body: '<img src=x onerror=alert(1)>\nsecond line' }), aMessage(2, { author: CUSTOMER })]);
    const [theirs, ours] = messages();
    expect(theirs?.get('.msg__body').text()).toBe('<img src=x onerror=alert(1)>\nsecond line');
    expect(theirs?.find('img').exists()).toBe(false);
    expect(theirs?.get('.msg__meta').text()).toContain('Sam Staff');
    expect(theirs?.get('.msg__meta').text()).toContain('staff');
    expect(theirs?.get('time').attributes('datetime')).toBe(aMessage(1).createdAt);
    expect(theirs?.classes()).not.toContain('msg--own');
    expect(ours?.classes()).toContain('msg--own');
    expect(ours?.get('.msg__author').text()).toBe('You');
  });

  it('says so when there are no messages yet', async () => {
    await mountChat([]);
    expect(wrapper.get('.empty-state').text()).toBe('No messages yet — ask us anything about this order.');
  });

  it('shows an error with a way to try again', async () => {
    api.on('GET', MESSAGES, { status: 503, body: { error: { code: 'unavailable', message: 'Down for a moment.' } } });
    t = await setupApp();
    wrapper = mount(OrderChat, { props: { orderId: 'o-1' }, global: { plugins: [t.pinia, t.router] } });
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('Down for a moment.');
    api.on('GET', MESSAGES, { status: 200, body: aPage([aMessage(1)]) });
    await wrapper.get('.error-state button').trigger('click');
    await flushPromises();
    expect(messages()).toHaveLength(1);
  });

  it('loads earlier messages through nextCursor', async () => {
    await mountChat([aMessage(11), aMessage(12)], '11');
    api.on('GET', MESSAGES, { status: 200, body: aPage([aMessage(10)]) });
    await wrapper.findAll('button').find((b) => b.text() === 'Load earlier messages')!.trigger('click');
    await flushPromises();
    expect(api.calls('GET', MESSAGES).at(-1)?.url.searchParams.get('before')).toBe('11');
    expect(messages().map((m) => m.get('.msg__body').text())).toEqual(['Message 10', 'Message 11', 'Message 12']);
    expect(wrapper.text()).not.toContain('Load earlier messages');
  });

  it('sends on Enter, not on Shift+Enter, and has a labelled field with a counter', async () => {
    await mountChat([]);
    api.on('POST', MESSAGES, (req) => ({ status: 201, body: aMessage(5, { author: CUSTOMER, ...(req.body as object) }) }));
    expect(wrapper.get('label[for="chat-message"]').text()).toBe('Your message');

    await type('line one', { shiftKey: true });
    expect(posts()).toHaveLength(0);
    expect(wrapper.get('#chat-message-count').text()).toContain('8 / 4000');

    await type('line one\nline two');
    expect(posts()[0]?.body).toMatchObject({ body: 'line one\nline two' });
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('');
    expect(messages().map((m) => m.get('.msg__body').text())).toEqual(['line one\nline two']);
  });

  it('refuses empty and over-long messages before sending', async () => {
    await mountChat([]);
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('#chat-message-error').text()).toBe('Write a message first.');
    await wrapper.get('textarea').setValue('x'.repeat(4001));
    expect(wrapper.get('#chat-message-error').text()).toContain('at most 4000');
    expect(wrapper.get('textarea').attributes('aria-invalid')).toBe('true');
    await wrapper.get('form').trigger('submit');
    expect(posts()).toHaveLength(0);
  });

  it('keeps a message that got no answer as "Failed — Retry", and Retry re-posts it', async () => {
    await mountChat([]);
    api.on('POST', MESSAGES, () => {
      throw new AxiosError('Network Error', 'ERR_NETWORK');
    });
    await type('Hello?');
    expect(messages()[0]?.text()).toContain('Failed — The server could not be reached.');

    api.on('POST', MESSAGES, (req) => ({ status: 200, body: aMessage(8, { author: CUSTOMER, ...(req.body as object) }) }));
    await messages()[0]!.findAll('button').find((b) => b.text().startsWith('Retry'))!.trigger('click');
    await flushPromises();
    expect(posts()).toHaveLength(2);
    expect(posts()[1]?.body).toEqual(posts()[0]?.body);
    expect(messages()).toHaveLength(1);
    expect(messages()[0]?.text()).not.toContain('Failed');
  });

  it('announces incoming messages, not our own, in a polite live region', async () => {
    await mountChat();
    const region = wrapper.get('[role="status"][aria-live="polite"]:not(.loading-state)');
    expect(region.text()).toBe('');
    useChatStore().receive(aMessage(3, { author: STAFF, body: 'Your order ships today.' }));
    await flushPromises();
    expect(region.text()).toBe('New message from Sam Staff (staff): Your order ships today.');
    useChatStore().receive(aMessage(4, { author: CUSTOMER, body: 'Thanks!' }));
    await flushPromises();
    expect(region.text()).toBe('New message from Sam Staff (staff): Your order ships today.');
  });

  it('tells the store when the end of the conversation is on screen', async () => {
    const observers: Array<{ cb: IntersectionObserverCallback }> = [];
    vi.stubGlobal('IntersectionObserver', class {
      constructor(cb: IntersectionObserverCallback) {
        observers.push({ cb });
      }
      observe() {}
      unobserve() {}
      disconnect() {}
    });
    try {
      await mountChat();
      expect(useChatStore().isVisible('o-1')).toBe(false);
      observers[0]!.cb([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);
      await flushPromises();
      expect(useChatStore().isVisible('o-1')).toBe(true);
      wrapper.unmount();
      expect(useChatStore().isVisible('o-1')).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
