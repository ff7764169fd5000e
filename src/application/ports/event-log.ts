export type EventType = 'order.created' | 'order.updated' | 'message.created';

/** A row of the transactional outbox: written in the same transaction as the change it describes. */
export interface StoredEvent {
  /** Monotonically increasing; events become visible in id order. */
  id: string;
  type: EventType;
  orderId: string;
  /** The order's customer: who besides staff may see the event. */
  customerId: string;
  /** order.*: the order snapshot without history; message.created: the message. */
  payload: unknown;
  createdAt: Date;
}

/**
 * Reads the outbox. Implementations guarantee that once an id is visible, no smaller id
 * becomes visible later, so "everything after the last id I saw" never misses an event.
 */
export interface EventLog {
  readAfter(afterId: string | null, limit: number): Promise<StoredEvent[]>;
  /** The newest id, or null when empty: where a fresh stream starts. */
  latestId(): Promise<string | null>;
  /** Deletes events created before `cutoff`; returns how many. Retention is at least 24 h. */
  pruneBefore(cutoff: Date): Promise<number>;
}

/**
 * Fans out "a new event was committed" across server instances. It carries only the id:
 * receivers read the event itself from the EventLog, so payload size never matters.
 */
export interface EventBus {
  /** Calls `listener` with each committed event id; after a reconnect, with null ("catch up"). */
  subscribe(listener: (eventId: string | null) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
