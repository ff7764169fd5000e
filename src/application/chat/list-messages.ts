import type { MessagePage, MessagePageQuery, MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Principal } from '../principal.js';
import { loadVisibleOrder } from '../orders/get-order.js';

/** A page of an order's conversation, oldest first, for those who may see the order. */
export class ListMessages {
  constructor(
    private readonly orders: OrderRepository,
    private readonly messages: MessageRepository,
  ) {}

  async execute(actor: Principal, orderId: string, query: MessagePageQuery): Promise<MessagePage> {
    const order = await loadVisibleOrder(this.orders, actor, orderId);
    return this.messages.list(order.id, query);
  }
}
