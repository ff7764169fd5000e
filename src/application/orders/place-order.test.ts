import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { beans, makeOrders } from '../testing/orders-fixture.js';

describe('PlaceOrder', () => {
  it('places a pending order for the customer and records order.created', async () => {
    const f = await makeOrders();
    const { order, replayed } = await f.placeOrder.execute(f.ann, { items: [beans], note: 'door' });
    expect(replayed).toBe(false);
    expect(order.snapshot()).toMatchObject({ status: 'pending', totalCents: 3700, customer: { id: f.ann.userId, name: 'Ann' }, note: 'door' });
    expect(f.orders.events).toEqual([{ type: 'order.created', orderId: order.id }]);
  });

  it('refuses customerId from a customer', async () => {
    const f = await makeOrders();
    await expect(f.placeOrder.execute(f.ann, { items: [beans], customerId: f.bob.userId })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lets staff order for a customer, but only a customer', async () => {
    const f = await makeOrders();
    const { order } = await f.placeOrder.execute(f.staff, { items: [beans], customerId: f.bob.userId });
    expect(order.customerId).toBe(f.bob.userId);
    await expect(f.placeOrder.execute(f.staff, { items: [beans], customerId: f.admin.userId })).rejects.toBeInstanceOf(ValidationError);
  });

  it('replays the first order for a repeated Idempotency-Key, without a second order', async () => {
    const f = await makeOrders();
    const first = await f.placeOrder.execute(f.ann, { items: [beans], idempotencyKey: 'k1' });
    const again = await f.placeOrder.execute(f.ann, { items: [beans], idempotencyKey: 'k1' });
    expect(again).toMatchObject({ replayed: true });
    expect(again.order.snapshot()).toEqual(first.order.snapshot());
    expect((await f.listOrders.execute(f.ann, { limit: 10 })).items).toHaveLength(1);
  });

  it('keeps keys per user and refuses a reused key with another body', async () => {
    const f = await makeOrders();
    await f.placeOrder.execute(f.ann, { items: [beans], idempotencyKey: 'k1' });
    const bobs = await f.placeOrder.execute(f.bob, { items: [beans], idempotencyKey: 'k1' });
    expect(bobs.replayed).toBe(false);
    await expect(f.placeOrder.execute(f.ann, { items: [{ ...beans, quantity: 3 }], idempotencyKey: 'k1' })).rejects.toMatchObject({
      details: [{ path: 'Idempotency-Key' }],
    });
  });

  it('answers a concurrent duplicate (key taken between lookup and insert) with the winner', async () => {
    const f = await makeOrders();
    const winner = await f.placeOrder.execute(f.ann, { items: [beans], idempotencyKey: 'race' });
    const findPlacement = f.orders.findPlacement.bind(f.orders);
    let lookups = 0;
    // The loser's first lookup happens before the winner committed.
    f.orders.findPlacement = async (userId, key) => (lookups++ === 0 ? null : findPlacement(userId, key));
    const loser = await f.placeOrder.execute(f.ann, { items: [beans], idempotencyKey: 'race' });
    expect(loser.order.id).toBe(winner.order.id);
    expect(loser.replayed).toBe(true);
  });

  it('turns broken limits into a validation error naming the field', async () => {
    const f = await makeOrders();
    await expect(f.placeOrder.execute(f.ann, { items: [{ ...beans, quantity: 0 }] })).rejects.toMatchObject({
      details: [{ path: 'items.0.quantity' }],
    });
  });
});
