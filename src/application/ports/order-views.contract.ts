import { beforeEach, describe, expect, it } from 'vitest';
import { anOrder, staffActor } from '../../../test/mothers/order-mother.js';
import type { MessageRepository } from './message-repository.js';
import type { OrderRepository } from './order-repository.js';
import type { OrderViews } from './order-views.js';

export interface OrderViewsFixture {
  views: OrderViews;
  /** The stores the views read: orders and messages are written through these. */
  orders: OrderRepository;
  messages: MessageRepository;
  /** Two customers that exist in the store (real adapters need the users' rows). */
  customers: [{ id: string; name: string }, { id: string; name: string }];
}

/** The promises of OrderViews, run against every implementation. Each setup starts empty. */
export function orderViewsContract(name: string, setup: () => Promise<OrderViewsFixture>) {
  describe(`${name} (OrderViews contract)`, () => {
    let f: OrderViewsFixture;
    let ann: { id: string; name: string };
    let bob: { id: string; name: string };
    beforeEach(async () => {
      f = await setup();
      [ann, bob] = f.customers;
    });
    const say = (orderId: string, customerId: string, author: { id: string; name: string; role: 'customer' | 'staff' | 'admin' }, body = 'hi') =>
      f.messages.post({ orderId, customerId, author, body, clientId: null, createdAt: new Date() });

    it('reads the order with its history as the order store has it, scoped to a customer in the query', async () => {
      const order = await f.orders.insert(anOrder(ann, { note: 'Ring twice', items: [{ name: 'A', quantity: 2, unitPriceCents: 1850 }, { name: 'B', quantity: 1, unitPriceCents: 0 }] }));
      await f.orders.saveStatusChange(order, order.changeStatus('confirmed', staffActor, 'on it', new Date()), 0);
      const stored = (await f.orders.findById(order.id))!.snapshot();
      expect((await f.views.findView(order.id, staffActor.id))?.order.snapshot()).toEqual(stored);
      expect((await f.views.findView(order.id, ann.id, { customerId: ann.id }))?.order.snapshot()).toEqual(stored);
      expect(await f.views.findView(order.id, bob.id, { customerId: bob.id })).toBeNull();
      expect(await f.views.findView('5d1c0d4e-0000-4000-8000-000000000000', staffActor.id)).toBeNull();
    });

    it("counts the viewer's unread messages: others' messages after the viewer's read marker", async () => {
      const order = await f.orders.insert(anOrder(ann, { createdAt: new Date(Date.UTC(2026, 10, 20, 9)) }));
      const other = await f.orders.insert(anOrder(ann, { createdAt: new Date(Date.UTC(2026, 10, 20, 10)) }));
      const first = await say(order.id, ann.id, { ...ann, role: 'customer' });
      await say(order.id, ann.id, { ...ann, role: 'customer' });
      await say(order.id, ann.id, staffActor);
      await say(other.id, ann.id, staffActor);
      expect((await f.views.findView(order.id, staffActor.id))?.unreadCount).toBe(2);
      expect((await f.views.findView(order.id, ann.id, { customerId: ann.id }))?.unreadCount).toBe(1);
      await f.messages.markRead(order.id, staffActor.id, first.message.id);
      expect((await f.views.findView(order.id, staffActor.id))?.unreadCount).toBe(1);
      const page = await f.views.listViews({ limit: 10 }, staffActor.id);
      expect(page.items.map((v) => [v.order.id, v.unreadCount])).toEqual([[other.id, 0], [order.id, 1]]);
    });

    it('reads committed changes at once (nothing is cached)', async () => {
      const order = await f.orders.insert(anOrder(ann));
      expect((await f.views.findView(order.id, staffActor.id))?.order.status).toBe('pending');
      await f.orders.saveStatusChange(order, order.changeStatus('confirmed', staffActor, null, new Date()), 0);
      expect((await f.views.findView(order.id, staffActor.id))?.order.snapshot()).toMatchObject({ status: 'confirmed', version: 1 });
      expect((await f.views.listViews({ limit: 1 }, staffActor.id)).items[0]?.order.status).toBe('confirmed');
      await say(order.id, ann.id, { ...ann, role: 'customer' });
      expect((await f.views.findView(order.id, staffActor.id))?.unreadCount).toBe(1);
    });

    it('pages exactly like the order store, with the same filters and cursors', async () => {
      const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 0, 0, s));
      for (let s = 1; s <= 7; s++) {
        const order = await f.orders.insert(anOrder(s % 3 === 0 ? bob : ann, { createdAt: at(s) }));
        if (s % 2 === 0) await f.orders.saveStatusChange(order, order.changeStatus('cancelled', staffActor, null, new Date()), 0);
      }
      for (const query of [{ limit: 3 }, { limit: 2, customerId: ann.id }, { limit: 2, status: 'cancelled' as const }, { limit: 1, customerId: bob.id, status: 'pending' as const }]) {
        let cursor: string | undefined;
        do {
          const expected = await f.orders.list({ ...query, cursor });
          const page = await f.views.listViews({ ...query, cursor }, staffActor.id);
          expect(page.items.map((v) => v.order.snapshot())).toEqual(expected.items.map((o) => o.snapshot()));
          expect(page.nextCursor).toBe(expected.nextCursor);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
    });
  });
}
