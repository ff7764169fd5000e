import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../testing/app';
import { fakeFetch, frame, type ControllableBody, type FakeFetch } from '../testing/fake-fetch';
import { freshAppPerTest } from '../testing/lifecycle';
import { aMessage, aPage, CUSTOMER, STAFF } from '../testing/messages';
import { anOrder } from '../testing/orders';
import { aUser, makeToken } from '../testing/tokens';
import { LOGOUT_NOTICES, TOKEN_KEY, useAuthStore } from './auth';
import { useChatStore } from './chat';
import { useLiveStore } from './live';
import { useOrdersStore } from './orders';

const { api, setupApp } = freshAppPerTest();
let f: FakeFetch;
let t: TestApp;
let body: ControllableBody;
const token = makeToken({ sub: 'u-1', role: 'customer' });
const summary = (overrides: Partial<ReturnType<typeof anOrder>> = {}) => {
  const { history: _history, ...rest } = anOrder(overrides);
  return rest;
};

/** Signed in as the customer u-1, on the orders page, with the stream open. */
async function start() {
  localStorage.setItem(TOKEN_KEY, token);
  t = await setupApp();
  await t.router.push('/orders');
  body = f.stream();
  const live = useLiveStore();
  await flushPromises();
  return live;
}

async function send(text: string) {
  body.write(text);
  await flushPromises();
}

beforeEach(() => {
  f = fakeFetch();
  vi.stubGlobal('fetch', f.fetch);
  api.on('GET', '/api/auth/me', { status: 200, body: { user: aUser() } });
  api.on('GET', '/api/orders', { status: 200, body: { items: [summary({ id: 'o-1', number: 1 })], nextCursor: null } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('useLiveStore', () => {
  it('opens /api/events with the bearer token of the session', async () => {
    const live = await start();
    expect(f.calls).toHaveLength(1);
    expect(new URL(f.calls[0]!.url).pathname).toBe('/api/events');
    expect(f.calls[0]?.headers.Authorization).toBe(`Bearer ${token}`);
    expect(live.status).toBe('open');
  });

  it('does not connect without a session', async () => {
    t = await setupApp();
    useLiveStore();
    await flushPromises();
    expect(f.calls).toHaveLength(0);
  });

  it('puts a new order on top of the list and updates a known one in place', async () => {
    await start();
    const orders = useOrdersStore();
    await orders.loadList();
    await send(frame(1, 'order.created', summary({ id: 'o-2', number: 2 })));
    await send(frame(2, 'order.updated', summary({ id: 'o-1', number: 1, status: 'confirmed', version: 2 })));
    expect(orders.list.map((o) => [o.id, o.status])).toEqual([['o-2', 'pending'], ['o-1', 'confirmed']]);
    expect(useLiveStore().lastEventId).toBe('2');
  });

  it("counts a message from someone else as unread while that conversation is not on screen", async () => {
    await start();
    await useOrdersStore().loadList();
    await send(frame(1, 'message.created', { orderId: 'o-1', message: aMessage(1, { author: STAFF }) }));
    await send(frame(2, 'message.created', { orderId: 'o-1', message: aMessage(2, { author: CUSTOMER }) }));
    expect(useOrdersStore().byId['o-1']?.unreadCount).toBe(1);
  });

  it('appends to an open conversation without counting it unread (dedupe by id)', async () => {
    await start();
    await useOrdersStore().loadList();
    api.on('GET', '/api/orders/o-1/messages', { status: 200, body: aPage([aMessage(1)]) });
    api.on('POST', '/api/orders/o-1/read', { status: 204 });
    const chat = useChatStore();
    await chat.load('o-1');
    chat.setVisible('o-1', true);
    await send(frame(5, 'message.created', { orderId: 'o-1', message: aMessage(2, { author: STAFF }) }));
    await send(frame(6, 'message.created', { orderId: 'o-1', message: aMessage(2, { author: STAFF }) }));
    expect(chat.conversations['o-1']?.entries.map((e) => e.id)).toEqual(['1', '2']);
    expect(useOrdersStore().byId['o-1']?.unreadCount).toBe(0);
  });

  it('fetches the shown list again once a stream with nothing to resume from is open (no gap before it)', async () => {
    localStorage.setItem(TOKEN_KEY, token);
    t = await setupApp();
    await t.router.push('/orders');
    const orders = useOrdersStore();
    await orders.loadList();
    // Confirmed by staff after the list was read and before the stream opened: no event will say so.
    api.on('GET', '/api/orders', { status: 200, body: { items: [summary({ id: 'o-1', number: 1, status: 'confirmed', version: 2 })], nextCursor: null } });
    body = f.stream();
    useLiveStore();
    await flushPromises();
    expect(orders.byId['o-1']?.status).toBe('confirmed');
  });

  it('fetches the list again when it was still loading as the stream opened', async () => {
    localStorage.setItem(TOKEN_KEY, token);
    t = await setupApp();
    await t.router.push('/orders');
    const orders = useOrdersStore();
    const before = api.calls('GET', '/api/orders').length;
    void orders.loadList(); // in flight: its answer may predate the stream's starting point
    body = f.stream();
    useLiveStore();
    await flushPromises();
    expect(api.calls('GET', '/api/orders').length).toBe(before + 2);
    expect(orders.listState).toBe('ready');
  });

  it('does not fetch again when it resumes from an event id (the server replays the gap)', async () => {
    await start();
    await useOrdersStore().loadList();
    await send(frame(7, 'order.created', summary({ id: 'o-7' })));
    const listCalls = api.calls('GET', '/api/orders').length;
    body.end();
    f.stream();
    await vi.waitFor(() => expect(f.calls).toHaveLength(2), { timeout: 5000 });
    await flushPromises();
    expect(f.calls[1]?.headers['Last-Event-ID']).toBe('7');
    expect(api.calls('GET', '/api/orders')).toHaveLength(listCalls);
  });

  it('reconnects with the renewed token and resumes from the last event id', async () => {
    await start();
    await send(frame(41, 'order.created', summary({ id: 'o-9' })));
    const renewed = makeToken({ sub: 'u-1', role: 'customer', jti: 'renewed' });
    f.stream();
    // Renewed in another tab: the auth store adopts it, the stream follows.
    localStorage.setItem(TOKEN_KEY, renewed);
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_KEY, newValue: renewed }));
    await flushPromises();
    expect(f.calls[0]?.signal.aborted).toBe(true);
    expect(f.calls[1]?.headers).toMatchObject({ Authorization: `Bearer ${renewed}`, 'Last-Event-ID': '41' });
  });

  it('resumes a renewed stream from an id-only block when no event has come yet', async () => {
    await start();
    await send('id: 12\n\n');
    const renewed = makeToken({ sub: 'u-1', role: 'customer', jti: 'renewed' });
    f.stream();
    localStorage.setItem(TOKEN_KEY, renewed);
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_KEY, newValue: renewed }));
    await flushPromises();
    expect(f.calls[1]?.headers).toMatchObject({ Authorization: `Bearer ${renewed}`, 'Last-Event-ID': '12' });
  });

  it('closes the stream on logout and opens none until the next sign-in', async () => {
    const live = await start();
    await useAuthStore().logout();
    await flushPromises();
    expect(f.calls[0]?.signal.aborted).toBe(true);
    expect(live.status).toBe('idle');
    expect(live.lastEventId).toBeNull();
    expect(f.calls).toHaveLength(1);
  });

  it('closes the stream when another tab logs out', async () => {
    const live = await start();
    localStorage.removeItem(TOKEN_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_KEY, newValue: null }));
    await flushPromises();
    expect(f.calls[0]?.signal.aborted).toBe(true);
    expect(live.status).toBe('idle');
  });

  it('a 401 on the stream ends the session like an API 401', async () => {
    localStorage.setItem(TOKEN_KEY, token);
    t = await setupApp();
    await t.router.push('/orders');
    f.status(401);
    useLiveStore();
    await flushPromises();
    const auth = useAuthStore();
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(auth.notice).toBe(LOGOUT_NOTICES.unauthorized);
    expect(t.router.currentRoute.value.fullPath).toBe('/login?redirect=/orders');
    expect(f.calls).toHaveLength(1);
  });
});
