import type { Order } from '../../domain/order/order.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Page } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';

export interface ListOrdersInput {
  limit: number;
  cursor?: string;
  status?: OrderStatus;
}

/** Newest first; a customer's query is scoped to their own orders in the query itself. */
export class ListOrders {
  constructor(private readonly orders: OrderRepository) {}

  async execute(actor: Principal, input: ListOrdersInput): Promise<Page<Order>> {
    const scope = actor.role === 'customer' ? { customerId: actor.userId } : {};
    return this.orders.list({ ...input, ...scope });
  }
}
