import type { Order } from '../../domain/order/order.js';
import { NotFoundError } from '../errors.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Principal } from '../principal.js';

/** Loads an order the caller may see; another customer's order is "not found", like a missing one. */
export async function loadVisibleOrder(orders: OrderRepository, actor: Principal, orderId: string): Promise<Order> {
  const scope = actor.role === 'customer' ? { customerId: actor.userId } : undefined;
  const order = await orders.findById(orderId, scope);
  if (!order) throw new NotFoundError('No such order.');
  return order;
}

export class GetOrder {
  constructor(private readonly orders: OrderRepository) {}

  execute(actor: Principal, orderId: string): Promise<Order> {
    return loadVisibleOrder(this.orders, actor, orderId);
  }
}
