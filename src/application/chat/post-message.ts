import { messageBodyProblem, type Message } from '../../domain/chat/message.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { Principal } from '../principal.js';
import { loadVisibleOrder } from '../orders/get-order.js';

export interface PostMessageInput {
  orderId: string;
  body: string;
  clientId?: string | null;
}

/**
 * Posts to an order's conversation (its owner, staff and admins; others get "not
 * found" and nothing is written). A retry with the same clientId returns the first
 * message instead of storing another. Any status, terminal ones included, may be discussed.
 */
export class PostMessage {
  constructor(
    private readonly orders: OrderRepository,
    private readonly messages: MessageRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Principal, input: PostMessageInput): Promise<{ message: Message; created: boolean }> {
    const order = await loadVisibleOrder(this.orders, actor, input.orderId);
    const problem = messageBodyProblem(input.body);
    if (problem) throw new ValidationError('The message is not acceptable.', [{ path: 'body', message: problem }]);
    return this.messages.post({
      orderId: order.id,
      customerId: order.customerId,
      author: { id: actor.userId, name: actor.name, role: actor.role },
      body: input.body,
      clientId: input.clientId ?? null,
      createdAt: this.clock.now(),
    });
  }
}
