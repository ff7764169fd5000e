import type { Message, MessageAuthor } from '../../domain/chat/message.js';
import type { OrderSnapshot } from '../../domain/order/order.js';

/** A message as JSON: what message.created carries (and what the API returns). */
export interface MessageJson {
  id: string;
  orderId: string;
  author: MessageAuthor;
  body: string;
  clientId: string | null;
  createdAt: string;
}

export interface MessageCreatedPayload {
  orderId: string;
  message: MessageJson;
}

/** The payload of a message.created event, identical in every store. */
export function messageCreatedPayload(m: Message): MessageCreatedPayload {
  const author = { id: m.author.id, name: m.author.name, role: m.author.role };
  return {
    orderId: m.orderId,
    message: { id: m.id, orderId: m.orderId, author, body: m.body, clientId: m.clientId, createdAt: m.createdAt.toISOString() },
  };
}

/**
 * The payload of an order.* event as PostgreSQL stores it: the snapshot without its
 * history, after a JSON round trip (dates as ISO strings), so in-memory and real stores agree.
 */
export function orderEventPayload(s: OrderSnapshot): unknown {
  const { history: _history, ...rest } = s;
  return JSON.parse(JSON.stringify(rest)) as unknown;
}
