import type { EventLog, EventType, StoredEvent } from '../../../application/ports/event-log.js';
import { compareSerialIds, parseSerialId } from '../serial-id.js';

export type EventListener = (event: StoredEvent) => void;

/**
 * The outbox of the in-memory stores: ids increase by one per append, and an event is
 * "committed" the moment it is appended, so visibility in id order holds trivially.
 * Listeners (an in-process event bus) hear about each event right after it is stored.
 */
export class InMemoryEventLog implements EventLog {
  private readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private nextId = 1n;

  /** Stores an event; `createdAt` defaults to now (tests of retention pass an older one). */
  append(type: EventType, orderId: string, customerId: string, payload: unknown, createdAt = new Date()): StoredEvent {
    const event: StoredEvent = { id: (this.nextId++).toString(), type, orderId, customerId, payload: structuredClone(payload), createdAt };
    this.events.push(event);
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(event));
      } catch (err) {
        // A failing listener must neither undo the write nor starve the other listeners;
        // rethrown asynchronously, so it still surfaces as an uncaught error.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    return structuredClone(event);
  }

  /** Calls `listener` after every append; returns the unsubscribe function. */
  onAppend(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every stored event, oldest first (copies). */
  all(): StoredEvent[] {
    return structuredClone(this.events);
  }

  async readAfter(afterId: string | null, limit: number): Promise<StoredEvent[]> {
    const after = afterId === null ? null : parseSerialId(afterId, 'afterId');
    const newer = after === null ? this.events : this.events.filter((e) => compareSerialIds(e.id, after) > 0);
    return structuredClone(newer.slice(0, limit));
  }

  async latestId(): Promise<string | null> {
    return this.events.at(-1)?.id ?? null;
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    const before = this.events.length;
    const kept = this.events.filter((e) => e.createdAt >= cutoff);
    this.events.splice(0, this.events.length, ...kept);
    return before - kept.length;
  }
}
