import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors.js';
import { InMemoryOrderRepository } from '../../adapters/persistence/in-memory/in-memory-order-repository.js';
import { beans, makeOrders } from '../testing/orders-fixture.js';

describe('UpdateOrderStatus', () => {
  it('moves an order through the aggregate and records order.updated', async () => {
    const f = await makeOrders();
    const { order } = await f.placeOrder.execute(f.ann, { items: [beans] });
    const moved = await f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'confirmed' });
    expect(moved.order.snapshot()).toMatchObject({ status: 'confirmed', version: 1 });
    expect((await f.getOrder.execute(f.ann, order.id)).order.status).toBe('confirmed');
    expect(f.orders.events.map((e) => e.type)).toEqual(['order.created', 'order.updated']);
  });

  it('maps the rules: 403 for the wrong role, 409 with allowed statuses, 422 without a reason', async () => {
    const f = await makeOrders();
    const { order } = await f.placeOrder.execute(f.ann, { items: [beans] });
    await expect(f.updateOrderStatus.execute(f.ann, { orderId: order.id, status: 'confirmed' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'shipped' })).rejects.toMatchObject({
      code: 'invalid_transition',
      details: [{ path: 'status', message: 'confirmed' }, { path: 'status', message: 'cancelled' }],
    });
    await f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'confirmed' });
    await expect(f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'cancelled' })).rejects.toBeInstanceOf(ValidationError);
  });

  it("hides another customer's order as not found", async () => {
    const f = await makeOrders();
    const { order } = await f.placeOrder.execute(f.ann, { items: [beans] });
    await expect(f.updateOrderStatus.execute(f.bob, { orderId: order.id, status: 'cancelled' })).rejects.toBeInstanceOf(NotFoundError);
    expect((await f.getOrder.execute(f.ann, order.id)).order.status).toBe('pending');
  });

  it('honours If-Match: a stale version is 412 and changes nothing', async () => {
    const f = await makeOrders();
    const { order } = await f.placeOrder.execute(f.ann, { items: [beans] });
    await f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'confirmed', expectedVersion: 0 });
    await expect(f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'preparing', expectedVersion: 0 })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await f.getOrder.execute(f.staff, order.id)).order.status).toBe('confirmed');
  });

  it('answers the loser of a race (saved version moved on) with 409, or 412 under If-Match', async () => {
    const repo = new InMemoryOrderRepository();
    const f = await makeOrders(repo);
    const { order } = await f.placeOrder.execute(f.ann, { items: [beans] });
    const findById = repo.findById.bind(repo);
    const staleCopy = await findById(order.id);
    repo.findById = async () => staleCopy;
    await f.updateOrderStatus.execute(f.admin, { orderId: order.id, status: 'confirmed' });
    await expect(f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'confirmed' })).rejects.toBeInstanceOf(ConflictError);
    await expect(f.updateOrderStatus.execute(f.staff, { orderId: order.id, status: 'confirmed', expectedVersion: 0 })).rejects.toBeInstanceOf(PreconditionFailedError);
    repo.findById = findById;
    expect((await repo.findById(order.id))!.snapshot().history).toHaveLength(2);
  });
});

describe('ListOrders and GetOrder', () => {
  it('scopes customers to their own orders; staff see all', async () => {
    const f = await makeOrders();
    await f.placeOrder.execute(f.ann, { items: [beans] });
    const bobs = await f.placeOrder.execute(f.bob, { items: [beans] });
    expect((await f.listOrders.execute(f.ann, { limit: 10 })).items.map((v) => v.order.customerId)).toEqual([f.ann.userId]);
    expect((await f.listOrders.execute(f.staff, { limit: 10 })).items).toHaveLength(2);
    await expect(f.getOrder.execute(f.ann, bobs.order.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await f.getOrder.execute(f.admin, bobs.order.id)).order.id).toBe(bobs.order.id);
  });
});
