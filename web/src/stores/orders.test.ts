import { beforeEach, describe, expect, it } from 'vitest';
import { freshAppPerTest } from '../testing/lifecycle';
import { anOrder } from '../testing/orders';
import { makeToken } from '../testing/tokens';
import { TOKEN_KEY } from './auth';
import { useOrdersStore } from './orders';

const { api, setupApp } = freshAppPerTest();
const summary = (id: string, number: number, extra: Partial<ReturnType<typeof anOrder>> = {}) => {
  const { history: _history, ...rest } = anOrder({ id, number, ...extra });
  return rest;
};

beforeEach(async () => {
  localStorage.setItem(TOKEN_KEY, makeToken());
  await setupApp();
});

describe('useOrdersStore', () => {
  it('loads the first page and the next ones through nextCursor', async () => {
    api.on('GET', '/api/orders', (req) =>
      req.url.searchParams.get('cursor') === 'c2'
        ? { status: 200, body: { items: [summary('o-1', 1)], nextCursor: null } }
        : { status: 200, body: { items: [summary('o-3', 3), summary('o-2', 2)], nextCursor: 'c2' } },
    );
    const orders = useOrdersStore();

    await orders.loadList('pending');
    expect(orders.list.map((o) => o.id)).toEqual(['o-3', 'o-2']);
    expect(orders.nextCursor).toBe('c2');
    expect(api.requests.at(-1)?.url.searchParams.get('status')).toBe('pending');

    await orders.loadMore();
    expect(orders.list.map((o) => o.id)).toEqual(['o-3', 'o-2', 'o-1']);
    expect(orders.nextCursor).toBeNull();
    expect(api.requests.at(-1)?.url.searchParams.get('status')).toBe('pending');
  });

  it('drops a slow answer for a filter the user has already left', async () => {
    let answerOld: (reply: { status: number; body: unknown }) => void = () => undefined;
    api.on('GET', '/api/orders', (req) =>
      req.url.searchParams.get('status') === 'pending'
        ? new Promise((resolve) => (answerOld = resolve))
        : { status: 200, body: { items: [summary('o-9', 9, { status: 'shipped' })], nextCursor: null } },
    );
    const orders = useOrdersStore();

    const old = orders.loadList('pending');
    await orders.loadList('shipped');
    answerOld({ status: 200, body: { items: [summary('o-1', 1)], nextCursor: 'x' } });
    await old;

    expect(orders.list.map((o) => o.id)).toEqual(['o-9']);
    expect(orders.nextCursor).toBeNull();
  });

  it('asks again when a live change arrives while the list loads, so the older answer cannot undo it', async () => {
    const orders = useOrdersStore();
    orders.upsert(summary('o-1', 1, { unreadCount: 0 }));
    let calls = 0;
    api.on('GET', '/api/orders', () => {
      calls += 1;
      // The first answer was read before the message committed; its event arrives meanwhile.
      if (calls === 1) orders.bumpUnread('o-1');
      return { status: 200, body: { items: [summary('o-1', 1, { unreadCount: calls === 1 ? 0 : 1 })], nextCursor: null } };
    });

    await orders.loadList(null);

    expect(calls).toBe(2);
    expect(orders.byId['o-1']?.unreadCount).toBe(1);
    expect(orders.listState).toBe('ready');
  });

  it('drops an answer overtaken by a read marker the server recorded meanwhile', async () => {
    const orders = useOrdersStore();
    orders.upsert(summary('o-1', 1, { unreadCount: 1 }));
    const answers = [1, 0];
    const shownWhileAskingAgain: number[] = [];
    api.on('GET', '/api/orders', () => {
      if (answers.length === 2) orders.setUnread('o-1', 0); // read before the marker landed: says 1
      else shownWhileAskingAgain.push(orders.byId['o-1']!.unreadCount);
      return { status: 200, body: { items: [summary('o-1', 1, { unreadCount: answers.shift() })], nextCursor: null } };
    });

    await orders.loadList(null);

    expect(shownWhileAskingAgain).toEqual([0]); // the stale 1 never reached the screen
    expect(orders.byId['o-1']?.unreadCount).toBe(0);
    expect(orders.list.map((o) => o.id)).toEqual(['o-1']);
  });

  it('gives up asking again after three answers under a steady stream of changes', async () => {
    const orders = useOrdersStore();
    orders.upsert(summary('o-1', 1));
    api.on('GET', '/api/orders', () => {
      orders.bumpUnread('o-1');
      return { status: 200, body: { items: [summary('o-1', 1)], nextCursor: null } };
    });

    await orders.loadList(null);

    expect(api.requests.filter((r) => r.url.pathname === '/api/orders')).toHaveLength(3);
    expect(orders.listState).toBe('ready');
  });

  describe('applyOrderEvent', () => {
    async function listed(status: 'pending' | null = null) {
      api.on('GET', '/api/orders', { status: 200, body: { items: [summary('o-2', 2), summary('o-1', 1)], nextCursor: null } });
      const orders = useOrdersStore();
      await orders.loadList(status);
      return orders;
    }

    it('updates a listed order in place', async () => {
      const orders = await listed();
      orders.applyOrderEvent(summary('o-1', 1, { status: 'confirmed', version: 2, unreadCount: 3 }));
      expect(orders.list.map((o) => [o.id, o.status, o.unreadCount])).toEqual([['o-2', 'pending', 0], ['o-1', 'confirmed', 3]]);
    });

    it('puts a new order on top', async () => {
      const orders = await listed();
      orders.applyOrderEvent(summary('o-3', 3));
      expect(orders.list.map((o) => o.id)).toEqual(['o-3', 'o-2', 'o-1']);
    });

    it('ignores an event older than what it holds', async () => {
      const orders = await listed();
      orders.upsert(summary('o-1', 1, { status: 'shipped', version: 5 }));
      orders.applyOrderEvent(summary('o-1', 1, { status: 'confirmed', version: 2 }));
      expect(orders.byId['o-1']?.status).toBe('shipped');
    });

    it('drops an order the filter no longer shows', async () => {
      const orders = await listed('pending');
      orders.applyOrderEvent(summary('o-1', 1, { status: 'confirmed', version: 2 }));
      expect(orders.list.map((o) => o.id)).toEqual(['o-2']);
    });

    it('keeps the history for the same version and forgets it for a newer one', () => {
      const orders = useOrdersStore();
      orders.upsert(anOrder({ version: 1 }));
      orders.applyOrderEvent(summary('o-1', 1042, { version: 1, unreadCount: 2 }));
      expect(orders.byId['o-1']?.history).toHaveLength(1);
      orders.applyOrderEvent(summary('o-1', 1042, { version: 2, status: 'confirmed' }));
      expect(orders.byId['o-1']?.history).toBeUndefined();
    });
  });
});
