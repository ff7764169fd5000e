import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors.js';
import { beans, makeOrders } from '../testing/orders-fixture.js';

async function withOrder() {
  const f = await makeOrders();
  const { order } = await f.placeOrder.execute(f.ann, { items: [beans] });
  return { ...f, orderId: order.id };
}

describe('PostMessage', () => {
  it('stores the body verbatim and records message.created', async () => {
    const f = await withOrder();
    const { message, created } = await f.postMessage.execute(f.ann, { orderId: f.orderId, body: '  <b>hi</b>  ', clientId: 'c1' });
    expect(created).toBe(true);
    expect(message).toMatchObject({ orderId: f.orderId, body: '  <b>hi</b>  ', clientId: 'c1', author: { id: f.ann.userId, role: 'customer' } });
    expect((await f.orders.eventLog.readAfter(null, 10)).map((e) => e.type)).toEqual(['order.created', 'message.created']);
  });

  it('returns the first message for a retried clientId, writing nothing', async () => {
    const f = await withOrder();
    const first = await f.postMessage.execute(f.ann, { orderId: f.orderId, body: 'hello', clientId: 'c1' });
    const retry = await f.postMessage.execute(f.ann, { orderId: f.orderId, body: 'hello', clientId: 'c1' });
    expect(retry).toEqual({ message: first.message, created: false });
    expect((await f.listMessages.execute(f.ann, f.orderId, { limit: 10 })).items).toHaveLength(1);
    expect(await f.orders.eventLog.readAfter(null, 10)).toHaveLength(2);
  });

  it.each([['   '], ['x'.repeat(4001)], ['a\u0000b']])('refuses a body breaking the rules (%#) with a detail on body', async (body) => {
    const f = await withOrder();
    await expect(f.postMessage.execute(f.ann, { orderId: f.orderId, body })).rejects.toMatchObject({ details: [{ path: 'body' }] });
  });

  it('accepts exactly 4000 characters after trimming, emoji counted as one', async () => {
    const f = await withOrder();
    await expect(f.postMessage.execute(f.ann, { orderId: f.orderId, body: ` ${'😀'.repeat(4000)} ` })).resolves.toMatchObject({ created: true });
  });

  it("lets staff post on any order, but not another customer (404, nothing written)", async () => {
    const f = await withOrder();
    await expect(f.postMessage.execute(f.staff, { orderId: f.orderId, body: 'on it' })).resolves.toMatchObject({ created: true });
    await expect(f.postMessage.execute(f.bob, { orderId: f.orderId, body: 'let me in' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(f.listMessages.execute(f.bob, f.orderId, { limit: 10 })).rejects.toBeInstanceOf(NotFoundError);
    expect((await f.listMessages.execute(f.staff, f.orderId, { limit: 10 })).items).toHaveLength(1);
  });

  it('may discuss a cancelled order', async () => {
    const f = await withOrder();
    await f.updateOrderStatus.execute(f.ann, { orderId: f.orderId, status: 'cancelled' });
    await expect(f.postMessage.execute(f.ann, { orderId: f.orderId, body: 'why?' })).resolves.toMatchObject({ created: true });
  });
});

describe('MarkRead and unread counts', () => {
  it("counts others' messages after the marker, on lists and single orders", async () => {
    const f = await withOrder();
    await f.postMessage.execute(f.ann, { orderId: f.orderId, body: 'mine' });
    const a = await f.postMessage.execute(f.staff, { orderId: f.orderId, body: 'one' });
    await f.postMessage.execute(f.staff, { orderId: f.orderId, body: 'two' });
    expect((await f.getOrder.execute(f.ann, f.orderId)).unreadCount).toBe(2);
    await f.markRead.execute(f.ann, f.orderId, a.message.id);
    expect((await f.listOrders.execute(f.ann, { limit: 10 })).items[0]?.unreadCount).toBe(1);
    expect((await f.getOrder.execute(f.staff, f.orderId)).unreadCount).toBe(1);
  });

  it('refuses a message id of another order', async () => {
    const f = await withOrder();
    const other = await f.placeOrder.execute(f.ann, { items: [beans] });
    const m = await f.postMessage.execute(f.staff, { orderId: other.order.id, body: 'elsewhere' });
    await expect(f.markRead.execute(f.ann, f.orderId, m.message.id)).rejects.toBeInstanceOf(ValidationError);
  });
});
