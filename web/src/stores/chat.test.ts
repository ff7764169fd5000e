import { flushPromises } from '@vue/test-utils';
import { AxiosError } from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flush } from '../testing/app';
import { envelope } from '../testing/fake-api';
import { freshAppPerTest } from '../testing/lifecycle';
import { aMessage, aPage, CUSTOMER, STAFF } from '../testing/messages';
import { anOrder } from '../testing/orders';
import { aUser, makeToken } from '../testing/tokens';
import { TOKEN_KEY } from './auth';
import { READ_DEBOUNCE_MS, useChatStore } from './chat';
import { useOrdersStore } from './orders';

const { api, setupApp } = freshAppPerTest();
const MESSAGES = '/api/orders/o-1/messages';
const noAnswer = () => {
  throw new AxiosError('Network Error', 'ERR_NETWORK');
};
const posts = () => api.calls('POST', MESSAGES);
const reads = () => api.calls('POST', '/api/orders/o-1/read');
const view = (orderId = 'o-1') => useChatStore().conversations[orderId]!;
const bodies = () => view().entries.map((e) => `${e.body}:${e.state}`);

/** Signed in as the customer u-1, with the conversation of o-1 loaded. */
async function loaded(items = [aMessage(1), aMessage(2, { author: CUSTOMER })], nextCursor: string | null = null) {
  api.on('GET', MESSAGES, { status: 200, body: aPage(items, nextCursor) });
  const chat = useChatStore();
  await chat.load('o-1');
  return chat;
}

beforeEach(async () => {
  localStorage.setItem(TOKEN_KEY, makeToken({ sub: 'u-1', role: 'customer' }));
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser() } });
  api.on('POST', '/api/orders/o-1/read', { status: 204 });
  await setupApp();
  await flush();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useChatStore', () => {
  it('loads the newest page, then earlier ones with before=nextCursor', async () => {
    const chat = await loaded([aMessage(51), aMessage(52)], '51');
    expect(api.calls('GET', MESSAGES)[0]?.url.searchParams.get('before')).toBeNull();
    api.on('GET', MESSAGES, { status: 200, body: aPage([aMessage(50), aMessage(51)], null) });

    await chat.loadEarlier('o-1');

    expect(api.calls('GET', MESSAGES)[1]?.url.searchParams.get('before')).toBe('51');
    expect(view().entries.map((e) => e.id)).toEqual(['50', '51', '52']);
    expect(view().nextCursor).toBeNull();
  });

  it('orders ids numerically, not as text', async () => {
    await loaded([aMessage(9), aMessage(10)]);
    useChatStore().receive(aMessage(100));
    expect(view().entries.map((e) => e.id)).toEqual(['9', '10', '100']);
  });

  it('shows our message at once and swaps in the stored one (201) under the same key', async () => {
    const chat = await loaded([]);
    api.on('POST', MESSAGES, (req) => ({ status: 201, body: aMessage(3, { author: CUSTOMER, body: 'Hi\nthere', clientId: (req.body as { clientId: string }).clientId }) }));

    expect(chat.send('o-1', '  Hi\nthere \n')).toBeNull();
    const key = view().entries[0]?.key;
    expect(bodies()).toEqual(['Hi\nthere:sending']);
    await flush();

    expect(posts()[0]?.body).toEqual({ body: 'Hi\nthere', clientId: expect.stringMatching(/^[\x21-\x7e]{1,100}$/) });
    expect(view().entries).toHaveLength(1);
    expect(view().entries[0]).toMatchObject({ id: '3', state: 'sent', key });
  });

  it('keeps a message that got no answer as failed, and retries it with the SAME clientId', async () => {
    const chat = await loaded([]);
    api.on('POST', MESSAGES, noAnswer);
    chat.send('o-1', 'Where is my order?');
    await flushPromises();
    expect(view().entries[0]).toMatchObject({ state: 'failed', retryable: true, error: 'The server could not be reached.' });

    // The first attempt had landed after all: the server answers 200 with the original.
    const clientId = (posts()[0]?.body as { clientId: string }).clientId;
    api.on('POST', MESSAGES, { status: 200, body: aMessage(7, { author: CUSTOMER, body: 'Where is my order?', clientId }) });
    chat.retry('o-1', view().entries[0]!.key);
    expect(view().entries[0]?.state).toBe('sending');
    await flush();

    expect(posts().map((p) => (p.body as { clientId: string }).clientId)).toEqual([clientId, clientId]);
    expect(bodies()).toEqual(['Where is my order?:sent']);
  });

  it('does not offer Retry for a refusal that will not change (422), but lets it be discarded', async () => {
    const chat = await loaded([]);
    api.on('POST', MESSAGES, { status: 422, body: envelope('validation_failed', 'The message is not acceptable.') });
    chat.send('o-1', 'x');
    await flushPromises();
    const entry = view().entries[0]!;
    expect(entry).toMatchObject({ state: 'failed', retryable: false, error: 'The message is not acceptable.' });
    chat.discard('o-1', entry.key);
    expect(view().entries).toEqual([]);
  });

  it('checks 1..4000 characters (after trimming) before sending', async () => {
    const chat = await loaded([]);
    expect(chat.send('o-1', ' \n ')).toBe('Write a message first.');
    expect(chat.send('o-1', 'a'.repeat(4001))).toMatch(/at most 4000/);
    expect(posts()).toHaveLength(0);
    api.on('POST', MESSAGES, { status: 201, body: aMessage(1) });
    // 4000 emoji are 8000 UTF-16 units but 4000 characters, as the server counts.
    expect(chat.send('o-1', '😀'.repeat(4000))).toBeNull();
  });

  it('does not duplicate a message the live event delivers before the POST answers', async () => {
    const chat = await loaded([]);
    let answer: (r: { status: number; body: unknown }) => void = () => undefined;
    api.on('POST', MESSAGES, () => new Promise((resolve) => (answer = resolve)));
    chat.send('o-1', 'Hello');
    await flush();
    const clientId = (posts()[0]?.body as { clientId: string }).clientId;
    const stored = aMessage(9, { author: CUSTOMER, body: 'Hello', clientId });

    expect(chat.receive(stored)).toBe(true);
    answer({ status: 201, body: stored });
    await flush();
    expect(chat.receive(stored)).toBe(false);

    expect(bodies()).toEqual(['Hello:sent']);
  });

  it('receives live messages only into loaded conversations, once each', async () => {
    const chat = useChatStore();
    expect(chat.receive(aMessage(1))).toBe(false);
    await loaded([aMessage(1)]);
    expect(chat.receive(aMessage(1))).toBe(false);
    expect(chat.receive(aMessage(2))).toBe(true);
    expect(view().entries.map((e) => e.id)).toEqual(['1', '2']);
  });

  describe('read markers', () => {
    async function withOrder(unreadCount: number) {
      useOrdersStore().upsert({ ...anOrder(), unreadCount });
      vi.useFakeTimers();
    }

    it('marks read (debounced, newest id) when visible and someone else wrote, and clears the badge', async () => {
      await withOrder(2);
      const chat = await loaded([aMessage(1, { author: CUSTOMER }), aMessage(2, { author: STAFF })]);
      chat.setVisible('o-1', true);
      chat.receive(aMessage(3, { author: STAFF }));
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS - 1);
      expect(reads()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);

      expect(reads().map((r) => r.body)).toEqual([{ lastReadMessageId: '3' }]);
      expect(useOrdersStore().byId['o-1']?.unreadCount).toBe(0);
    });

    it('sends a pending read marker at once when the panel goes away within the debounce (the message was on screen)', async () => {
      await withOrder(1);
      const chat = await loaded([aMessage(1, { author: CUSTOMER })]);
      chat.setVisible('o-1', true);
      chat.receive(aMessage(2, { author: STAFF }));
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS / 5);
      chat.setVisible('o-1', false);
      await vi.advanceTimersByTimeAsync(0);

      expect(reads().map((r) => r.body)).toEqual([{ lastReadMessageId: '2' }]);
      expect(useOrdersStore().byId['o-1']?.unreadCount).toBe(0);
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS * 2);
      expect(reads()).toHaveLength(1);
    });

    it('once the server has the marker, the badge counts only what came after it, whatever an older answer said meanwhile', async () => {
      await withOrder(1);
      const chat = await loaded([aMessage(1, { author: STAFF })]);
      api.on('POST', '/api/orders/o-1/read', () => {
        // Meanwhile: the panel goes away, a message arrives after the marker, and an orders
        // answer read at some earlier moment says 5.
        chat.setVisible('o-1', false);
        chat.receive(aMessage(2, { author: STAFF }));
        useOrdersStore().upsert({ ...anOrder(), unreadCount: 5 });
        return { status: 204 };
      });
      chat.setVisible('o-1', true);
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS);
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS);

      expect(reads().map((r) => r.body)).toEqual([{ lastReadMessageId: '1' }]);
      expect(useOrdersStore().byId['o-1']?.unreadCount).toBe(1);
    });

    it('sends nothing while the panel is not visible, and catches up when it becomes visible', async () => {
      await withOrder(1);
      const chat = await loaded([aMessage(1, { author: STAFF })]);
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS * 2);
      expect(reads()).toHaveLength(0);
      chat.setVisible('o-1', true);
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS);
      expect(reads().map((r) => r.body)).toEqual([{ lastReadMessageId: '1' }]);
    });

    it('sends nothing when only our own messages are new, or nothing was unread', async () => {
      await withOrder(0);
      const chat = await loaded([aMessage(1, { author: STAFF })]);
      chat.setVisible('o-1', true);
      chat.receive(aMessage(2, { author: CUSTOMER }));
      await vi.advanceTimersByTimeAsync(READ_DEBOUNCE_MS * 2);
      expect(reads()).toHaveLength(0);
    });
  });

  it('$reset forgets everything and drops answers that arrive afterwards', async () => {
    const chat = await loaded([]);
    let answer: (r: { status: number; body: unknown }) => void = () => undefined;
    api.on('POST', MESSAGES, () => new Promise((resolve) => (answer = resolve)));
    chat.send('o-1', 'Hello');
    chat.$reset();
    answer({ status: 201, body: aMessage(1) });
    await flush();
    expect(chat.conversations).toEqual({});
  });
});
