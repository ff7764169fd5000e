import type { Clock } from '../ports/clock.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import { ListMessages } from './list-messages.js';
import { MarkRead } from './mark-read.js';
import { PostMessage } from './post-message.js';

export function chatUseCases(p: { orders: OrderRepository; messages: MessageRepository; clock: Clock }) {
  return {
    postMessage: new PostMessage(p.orders, p.messages, p.clock),
    listMessages: new ListMessages(p.orders, p.messages),
    markRead: new MarkRead(p.orders, p.messages),
  };
}

export type ChatUseCases = ReturnType<typeof chatUseCases>;
