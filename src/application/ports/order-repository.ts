import type { HistoryEntry, Order, OrderSnapshot } from '../../domain/order/order.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { Page } from './user-repository.js';

export interface OrderListQuery {
  limit: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string;
  status?: OrderStatus;
  /** Set for customers: the query itself only returns this customer's orders. */
  customerId?: string;
}

/** The first response to an Idempotency-Key, kept so a retry replays it. */
export interface IdempotentPlacement {
  userId: string;
  key: string;
  /** A canonical form of the request, so a reused key with another body is refused. */
  fingerprint: string;
}

export interface StoredPlacement {
  fingerprint: string;
  order: OrderSnapshot;
}

export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('This Idempotency-Key was used meanwhile by a concurrent request.');
    this.name = 'IdempotencyKeyTakenError';
  }
}

/**
 * Stores orders. Every write is one transaction that also records the matching event
 * (`order.created`, `order.updated`) for the live stream, so a committed change always
 * has its event and a rolled-back one never does.
 */
export interface OrderRepository {
  /**
   * Stores a new order (assigning its number) with its first history entry and an
   * order.created event; with `idempotency`, also records the placement under that key,
   * rejecting with IdempotencyKeyTakenError (and storing nothing) when the key is taken.
   */
  insert(order: Order, idempotency?: IdempotentPlacement): Promise<Order>;
  /** The first placement made with this key by this user in the last 24 hours. */
  findPlacement(userId: string, key: string): Promise<StoredPlacement | null>;
  /** With `customerId`, null unless the order is that customer's (scoped in the query). */
  findById(id: string, scope?: { customerId: string }): Promise<Order | null>;
  /** Newest first, keyset-paged; history is not loaded. */
  list(query: OrderListQuery): Promise<Page<Order>>;
  /**
   * Saves a status move only if the stored version is still `expectedVersion`: the
   * update, its history entry and an order.updated event in one transaction. Resolves
   * false, writing nothing, when another move got there first.
   */
  saveStatusChange(order: Order, entry: HistoryEntry, expectedVersion: number): Promise<boolean>;
}
