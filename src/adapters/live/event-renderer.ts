import type { StoredEvent } from '../../application/ports/event-log.js';
import type { MessageRepository } from '../../application/ports/message-repository.js';
import type { Principal } from '../../application/principal.js';
import { Order, type OrderSnapshot } from '../../domain/order/order.js';
import { isStaff } from '../../domain/user/permissions.js';
import { orderSummaryDto } from '../http/routes/order-presenter.js';
import { sseEvent } from './sse.js';

export type UnreadCounter = Pick<MessageRepository, 'unreadCountsForUsers'>;

/** Staff and admins see every order; a customer sees the events of their own orders only. */
export function mayReceive(receiver: Principal, event: StoredEvent): boolean {
  return isStaff(receiver.role) || event.customerId === receiver.userId;
}

/** The event's payload cannot be rendered (a bug or a foreign row): retrying will not help. */
export class UnrenderableEventError extends Error {
  constructor(eventId: string, cause: unknown) {
    super(`event ${eventId} cannot be rendered`, { cause });
    this.name = 'UnrenderableEventError';
  }
}

type SnapshotJson = Omit<OrderSnapshot, 'history' | 'createdAt' | 'updatedAt'> & { createdAt: string | Date; updatedAt: string | Date };

/** order.* payloads are the snapshot without history, stored as JSON (dates as strings). */
function orderOf(payload: unknown): Order {
  const s = payload as SnapshotJson;
  if (typeof s?.id !== 'string' || typeof s.status !== 'string' || typeof s.customer?.id !== 'string') throw new TypeError('not an order snapshot');
  return Order.restore({ ...s, createdAt: new Date(s.createdAt), updatedAt: new Date(s.updatedAt), history: [] });
}

/**
 * Turns a stored event into SSE frames, one per receiver: order events as that receiver
 * would GET the order (their allowedTransitions, their unreadCount), `{ orderId, message }`
 * with the message as stored.
 * Unread counts of all receivers come from one query per event. A failing query rejects
 * (retry later); a payload that cannot be rendered rejects with UnrenderableEventError.
 */
export class LiveEventRenderer {
  constructor(private readonly messages: UnreadCounter) {}

  /** Frames keyed by receiver userId; receivers must already be allowed to see the event. */
  async render(event: StoredEvent, receivers: readonly Principal[]): Promise<Map<string, string>> {
    const frames = new Map<string, string>();
    if (receivers.length === 0) return frames;
    const frame = (data: () => unknown) => sseEvent(event.id, event.type, guard(event, () => JSON.stringify(data())));
    if (event.type === 'message.created') {
      const same = frame(() => ({ orderId: event.orderId, message: messageOf(event.payload) }));
      for (const r of receivers) frames.set(r.userId, same);
      return frames;
    }
    if (event.type !== 'order.created' && event.type !== 'order.updated') return frames;
    const userIds = [...new Set(receivers.map((r) => r.userId))];
    const unread = await this.messages.unreadCountsForUsers(event.orderId, userIds);
    const order = guard(event, () => orderOf(event.payload));
    for (const r of receivers) {
      if (!frames.has(r.userId)) frames.set(r.userId, frame(() => orderSummaryDto(order, r, unread.get(r.userId) ?? 0)));
    }
    return frames;
  }
}

/** Stores write `{ orderId, message }` (event-payloads.ts); a bare message is accepted too. */
function messageOf(payload: unknown): unknown {
  return typeof payload === 'object' && payload !== null && 'message' in payload ? payload.message : payload;
}

function guard<T>(event: StoredEvent, build: () => T): T {
  try {
    return build();
  } catch (err) {
    throw new UnrenderableEventError(event.id, err);
  }
}
