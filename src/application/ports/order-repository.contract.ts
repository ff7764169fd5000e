import { beforeEach, describe, expect, it } from 'vitest';
import { anOrder, staffActor } from '../../../test/mothers/order-mother.js';
import { IdempotencyKeyTakenError, type OrderRepository } from './order-repository.js';

export interface OrderRepositoryFixture {
  repo: OrderRepository;
  /** Two customers that exist in the store (real adapters need the users' rows). */
  customers: [{ id: string; name: string }, { id: string; name: string }];
}

/** The promises of OrderRepository, run against every implementation. */
export function orderRepositoryContract(name: string, setup: () => Promise<OrderRepositoryFixture>) {
  describe(`${name} (OrderRepository contract)`, () => {
    let repo: OrderRepository;
    let ann: { id: string; name: string };
    let bob: { id: string; name: string };
    beforeEach(async () => {
      ({ repo, customers: [ann, bob] } = await setup());
    });

    it('assigns increasing numbers and round-trips the order with its history', async () => {
      const first = await repo.insert(anOrder(ann, { note: 'Leave at the door', items: [{ name: 'A', quantity: 2, unitPriceCents: 1850 }, { name: 'B', quantity: 1, unitPriceCents: 0 }] }));
      const second = await repo.insert(anOrder(ann));
      expect(first.snapshot().number).toBeGreaterThan(0);
      expect(second.snapshot().number).toBeGreaterThan(first.snapshot().number);
      expect((await repo.findById(first.id))?.snapshot()).toEqual(first.snapshot());
    });

    it('scopes a lookup to a customer in the query itself', async () => {
      const order = await repo.insert(anOrder(ann));
      expect(await repo.findById(order.id, { customerId: bob.id })).toBeNull();
      expect((await repo.findById(order.id, { customerId: ann.id }))?.id).toBe(order.id);
      expect(await repo.findById('5d1c0d4e-0000-4000-8000-000000000000')).toBeNull();
    });

    it('saves a move only from the expected version, once', async () => {
      const order = await repo.insert(anOrder(ann));
      const entry = order.changeStatus('confirmed', staffActor, 'on it', new Date());
      expect(await repo.saveStatusChange(order, entry, 0)).toBe(true);
      expect(await repo.saveStatusChange(order, entry, 0)).toBe(false);
      const stored = (await repo.findById(order.id))!.snapshot();
      expect(stored).toMatchObject({ status: 'confirmed', version: 1 });
      expect(stored.history.map((h) => [h.from, h.to, h.note, h.by.id])).toEqual([[null, 'pending', null, ann.id], ['pending', 'confirmed', 'on it', staffActor.id]]);
    });

    it('lets exactly one of many concurrent moves from the same version win', async () => {
      const order = await repo.insert(anOrder(ann));
      // Every mover reads version 0 first (else a slow read may already see the winner's
      // move and the domain refuses it before the store is asked), then all save at once.
      const copies = await Promise.all(Array.from({ length: 10 }, async () => (await repo.findById(order.id))!));
      const results = await Promise.all(
        copies.map((copy) => repo.saveStatusChange(copy, copy.changeStatus('confirmed', staffActor, null, new Date()), 0)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await repo.findById(order.id))!.snapshot().history).toHaveLength(2);
    });

    it('lists newest first in pages that never repeat or skip, by status and customer', async () => {
      const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 0, 0, s));
      const orders = [];
      for (let s = 1; s <= 5; s++) orders.push(await repo.insert(anOrder(s === 5 ? bob : ann, { createdAt: at(s) })));
      const cancelled = orders[1]!;
      await repo.saveStatusChange(cancelled, cancelled.changeStatus('cancelled', staffActor, null, new Date()), 0);
      const ids = async (query: Parameters<OrderRepository['list']>[0]) => {
        const out: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await repo.list({ ...query, cursor });
          out.push(...page.items.map((o) => o.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return out;
      };
      expect(await ids({ limit: 2 })).toEqual([...orders].reverse().map((o) => o.id));
      expect(await ids({ limit: 2, customerId: ann.id })).toEqual(orders.slice(0, 4).reverse().map((o) => o.id));
      expect(await ids({ limit: 10, status: 'cancelled' })).toEqual([cancelled.id]);
      expect(await ids({ limit: 10, status: 'cancelled', customerId: bob.id })).toEqual([]);
    });

    it('records an idempotent placement once per user and key', async () => {
      const order = await repo.insert(anOrder(ann), { userId: ann.id, key: 'k-1', fingerprint: '{"a":1}' });
      expect(await repo.findPlacement(ann.id, 'k-1')).toEqual({ fingerprint: '{"a":1}', order: order.snapshot() });
      await expect(repo.insert(anOrder(ann), { userId: ann.id, key: 'k-1', fingerprint: '{"a":1}' })).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      expect((await repo.list({ limit: 10, customerId: ann.id })).items).toHaveLength(1);
      expect(await repo.findPlacement(bob.id, 'k-1')).toBeNull();
      await repo.insert(anOrder(bob), { userId: bob.id, key: 'k-1', fingerprint: '{}' });
    });
  });
}
