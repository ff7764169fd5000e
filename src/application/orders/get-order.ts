import type { Order } from '../../domain/order/order.js';
import { NotFoundError } from '../errors.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { OrderView, OrderViews } from '../ports/order-views.js';
import type { Principal } from '../principal.js';

/** Customers only ever look inside their own orders; the scope goes into the query itself. */
export const scopeOf = (actor: Principal) => (actor.role === 'customer' ? { customerId: actor.userId } : undefined);

/** Loads an order the caller may see; another customer's order is "not found", like a missing one. */
export async function loadVisibleOrder(orders: OrderRepository, actor: Principal, orderId: string): Promise<Order> {
  const order = await orders.findById(orderId, scopeOf(actor));
  if (!order) throw new NotFoundError('No such order.');
  return order;
}

/** The same, with the caller's unread count, in one read. */
export async function loadVisibleView(views: OrderViews, actor: Principal, orderId: string): Promise<OrderView> {
  const view = await views.findView(orderId, actor.userId, scopeOf(actor));
  if (!view) throw new NotFoundError('No such order.');
  return view;
}

export class GetOrder {
  constructor(private readonly views: OrderViews) {}

  execute(actor: Principal, orderId: string): Promise<OrderView> {
    return loadVisibleView(this.views, actor, orderId);
  }
}
