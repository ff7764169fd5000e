import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OrderView, OrderViews } from '../ports/order-views.js';
import type { Page } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';

export interface ListOrdersInput {
  limit: number;
  cursor?: string;
  status?: OrderStatus;
}

/** Newest first; a customer's query is scoped to their own orders in the query itself. */
export class ListOrders {
  constructor(private readonly views: OrderViews) {}

  execute(actor: Principal, input: ListOrdersInput): Promise<Page<OrderView>> {
    const scope = actor.role === 'customer' ? { customerId: actor.userId } : {};
    return this.views.listViews({ ...input, ...scope }, actor.userId);
  }
}
