import type { EventLog, StoredEvent } from '../../../application/ports/event-log.js';
import { isAfter } from '../event-id.js';

export type NewTestEvent = Omit<StoredEvent, 'id' | 'createdAt'> & { createdAt?: Date };

/**
 * An EventLog for unit tests of the live stream, with the seams those tests need: reads
 * can be held open (`beforeRead`) so writes interleave with a read in flight, and made to
 * fail (`failReads`). A read sees the log as it was when the read began, like a query.
 */
export class TestEventLog implements EventLog {
  readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private nextId = 1;
  reads = 0;
  failReads = 0;
  beforeRead: (() => Promise<void>) | undefined;

  append(event: NewTestEvent): StoredEvent {
    const stored: StoredEvent = { ...event, id: String(this.nextId++), createdAt: event.createdAt ?? new Date() };
    this.events.push(stored);
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  onAppend(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async readAfter(afterId: string | null, limit: number): Promise<StoredEvent[]> {
    this.reads += 1;
    const page = this.events.filter((e) => isAfter(e.id, afterId)).slice(0, limit);
    await this.beforeRead?.();
    if (this.failReads > 0) {
      this.failReads -= 1;
      throw new Error('connection terminated');
    }
    return page;
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
