import { ValidationError } from '../errors.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Principal } from '../principal.js';
import { loadVisibleOrder } from '../orders/get-order.js';

/** Records that the caller has read the conversation up to a message of this order. */
export class MarkRead {
  constructor(
    private readonly orders: OrderRepository,
    private readonly messages: MessageRepository,
  ) {}

  async execute(actor: Principal, orderId: string, lastReadMessageId: string): Promise<void> {
    const order = await loadVisibleOrder(this.orders, actor, orderId);
    if (!(await this.messages.belongsTo(order.id, lastReadMessageId))) {
      throw new ValidationError('No such message on this order.', [{ path: 'lastReadMessageId', message: 'is not a message of this order' }]);
    }
    await this.messages.markRead(order.id, actor.userId, lastReadMessageId);
  }
}
