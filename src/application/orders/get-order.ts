import type { Order } from '../../domain/order/order.js';
import { NotFoundError } from '../errors.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Principal } from '../principal.js';
import { viewFor, type OrderView } from './order-view.js';

/** Loads an order the caller may see; another customer's order is "not found", like a missing one. */
export async function loadVisibleOrder(orders: OrderRepository, actor: Principal, orderId: string): Promise<Order> {
  const scope = actor.role === 'customer' ? { customerId: actor.userId } : undefined;
  const order = await orders.findById(orderId, scope);
  if (!order) throw new NotFoundError('No such order.');
  return order;
}

export class GetOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly messages: MessageRepository,
  ) {}

  async execute(actor: Principal, orderId: string): Promise<OrderView> {
    return viewFor(this.messages, actor, await loadVisibleOrder(this.orders, actor, orderId));
  }
}
