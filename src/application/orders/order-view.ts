import type { Order } from '../../domain/order/order.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { Principal } from '../principal.js';

/** An order together with what only the caller knows about it: their unread messages. */
export interface OrderView {
  order: Order;
  unreadCount: number;
}

/** Unread counts for a whole page in one query, never one per order. */
export async function viewsFor(messages: MessageRepository, actor: Principal, orders: Order[]): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const counts = await messages.unreadCounts(actor.userId, orders.map((o) => o.id));
  return orders.map((order) => ({ order, unreadCount: counts.get(order.id) ?? 0 }));
}

export async function viewFor(messages: MessageRepository, actor: Principal, order: Order): Promise<OrderView> {
  const [view] = await viewsFor(messages, actor, [order]);
  return view!;
}
