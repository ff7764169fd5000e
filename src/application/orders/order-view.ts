import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { OrderView, OrderViews } from '../ports/order-views.js';

export type { OrderView } from '../ports/order-views.js';

/**
 * OrderViews from the two stores that hold orders and messages, for adapters that cannot
 * read both at once (the in-memory ones): the order, then the unread counts of a whole
 * page in one call, never one per order.
 */
export function composedOrderViews(orders: OrderRepository, messages: MessageRepository): OrderViews {
  const withCounts = async (viewerId: string, found: OrderView['order'][]): Promise<OrderView[]> => {
    if (found.length === 0) return [];
    const counts = await messages.unreadCounts(viewerId, found.map((o) => o.id));
    return found.map((order) => ({ order, unreadCount: counts.get(order.id) ?? 0 }));
  };
  return {
    async findView(orderId, viewerId, scope) {
      const order = await orders.findById(orderId, scope);
      return order ? (await withCounts(viewerId, [order]))[0]! : null;
    },
    async listViews(query, viewerId) {
      const page = await orders.list(query);
      return { items: await withCounts(viewerId, page.items), nextCursor: page.nextCursor };
    },
  };
}
