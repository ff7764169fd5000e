import type { Order } from '../../domain/order/order.js';
import type { OrderListQuery } from './order-repository.js';
import type { Page } from './user-repository.js';

/** An order together with what only the caller knows about it: their unread messages. */
export interface OrderView {
  order: Order;
  unreadCount: number;
}

/**
 * The read side of orders as one caller sees them: each order with that caller's unread
 * count. A store that holds orders and messages together answers each call with ONE read
 * (so the order, its history and the count come from the same snapshot, in one round
 * trip); otherwise the use cases combine OrderRepository and MessageRepository
 * (composedOrderViews). Nothing here is cached: every call reads committed data.
 */
export interface OrderViews {
  /**
   * The order with its history and `viewerId`'s unread count; with `scope`, null unless
   * the order is that customer's (scoped in the query itself, like OrderRepository.findById).
   */
  findView(orderId: string, viewerId: string, scope?: { customerId: string }): Promise<OrderView | null>;
  /** OrderRepository.list (newest first, keyset-paged, no history), each with `viewerId`'s unread count. */
  listViews(query: OrderListQuery, viewerId: string): Promise<Page<OrderView>>;
}
