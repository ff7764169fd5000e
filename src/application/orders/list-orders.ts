import type { OrderStatus } from '../../domain/order/order-status.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Page } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';
import { viewsFor, type OrderView } from './order-view.js';

export interface ListOrdersInput {
  limit: number;
  cursor?: string;
  status?: OrderStatus;
}

/** Newest first; a customer's query is scoped to their own orders in the query itself. */
export class ListOrders {
  constructor(
    private readonly orders: OrderRepository,
    private readonly messages: MessageRepository,
  ) {}

  async execute(actor: Principal, input: ListOrdersInput): Promise<Page<OrderView>> {
    const scope = actor.role === 'customer' ? { customerId: actor.userId } : {};
    const page = await this.orders.list({ ...input, ...scope });
    return { items: await viewsFor(this.messages, actor, page.items), nextCursor: page.nextCursor };
  }
}
