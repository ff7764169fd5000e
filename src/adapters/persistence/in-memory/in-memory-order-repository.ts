import {
  IdempotencyKeyTakenError,
  type IdempotentPlacement,
  type OrderListQuery,
  type OrderRepository,
  type StoredPlacement,
} from '../../../application/ports/order-repository.js';
import type { Page } from '../../../application/ports/user-repository.js';
import { Order, type HistoryEntry, type OrderSnapshot } from '../../../domain/order/order.js';
import { orderEventPayload } from '../event-payloads.js';
import { encodeCursor, parseCursor } from '../keyset-cursor.js';
import { InMemoryEventLog } from './in-memory-event-log.js';

const newestFirst = (a: OrderSnapshot, b: OrderSnapshot) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

export interface RecordedOrderEvent {
  type: 'order.created' | 'order.updated';
  orderId: string;
}

/**
 * Snapshots in maps. Each write appends its event to `eventLog` (shared with the other
 * in-memory stores, like the events table) with the payload PostgreSQL would store;
 * `events` is the short record of this repository's own events that tests assert on.
 */
export class InMemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<string, OrderSnapshot>();
  private readonly placements = new Map<string, StoredPlacement>();
  private nextNumber = 1001;
  readonly events: RecordedOrderEvent[] = [];

  constructor(readonly eventLog: InMemoryEventLog = new InMemoryEventLog()) {}

  async insert(order: Order, idempotency?: IdempotentPlacement): Promise<Order> {
    const placementKey = idempotency && `${idempotency.userId}\u0000${idempotency.key}`;
    if (placementKey && this.placements.has(placementKey)) throw new IdempotencyKeyTakenError();
    const stored = { ...order.snapshot(), number: this.nextNumber++ };
    this.orders.set(stored.id, stored);
    if (placementKey) this.placements.set(placementKey, { fingerprint: idempotency.fingerprint, order: structuredClone(stored) });
    this.record('order.created', stored);
    return Order.restore(stored);
  }

  async findPlacement(userId: string, key: string): Promise<StoredPlacement | null> {
    const found = this.placements.get(`${userId}\u0000${key}`);
    return found ? structuredClone(found) : null;
  }

  async findById(id: string, scope?: { customerId: string }): Promise<Order | null> {
    const found = this.orders.get(id);
    if (!found || (scope && found.customer.id !== scope.customerId)) return null;
    return Order.restore(found);
  }

  async list(query: OrderListQuery): Promise<Page<Order>> {
    const after = parseCursor(query.cursor);
    const matching = [...this.orders.values()]
      .filter((o) => !query.customerId || o.customer.id === query.customerId)
      .filter((o) => !query.status || o.status === query.status)
      .filter((o) => !after || o.createdAt < after.at || (o.createdAt.getTime() === after.at.getTime() && o.id < after.id))
      .sort(newestFirst);
    const items = matching.slice(0, query.limit).map((o) => Order.restore({ ...o, history: [] }));
    const last = items.at(-1)?.snapshot();
    const nextCursor = matching.length > query.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  async saveStatusChange(order: Order, _entry: HistoryEntry, expectedVersion: number): Promise<boolean> {
    const stored = this.orders.get(order.id);
    if (!stored || stored.version !== expectedVersion) return false;
    const saved = order.snapshot();
    this.orders.set(order.id, saved);
    this.record('order.updated', saved);
    return true;
  }

  private record(type: RecordedOrderEvent['type'], s: OrderSnapshot) {
    this.events.push({ type, orderId: s.id });
    this.eventLog.append(type, s.id, s.customer.id, orderEventPayload(s));
  }
}
