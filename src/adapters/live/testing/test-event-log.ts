import type { StoredEvent } from '../../../application/ports/event-log.js';
import { InMemoryEventLog } from '../../persistence/in-memory/in-memory-event-log.js';

export type NewTestEvent = Omit<StoredEvent, 'id' | 'createdAt'> & { createdAt?: Date };

/**
 * The in-memory event log with the seams the live-stream tests need: reads can be held
 * open (`beforeRead`) so writes interleave with a read in flight, and made to fail
 * (`failReads`). A read sees the log as it was when the read began, like a query.
 */
export class TestEventLog extends InMemoryEventLog {
  reads = 0;
  failReads = 0;
  beforeRead: (() => Promise<void>) | undefined;

  add(event: NewTestEvent): StoredEvent {
    return this.append(event.type, event.orderId, event.customerId, event.payload, event.createdAt);
  }

  override async readAfter(afterId: string | null, limit: number): Promise<StoredEvent[]> {
    this.reads += 1;
    const page = super.readAfter(afterId, limit); // computed now, resolved later
    await this.beforeRead?.();
    if (this.failReads > 0) {
      this.failReads -= 1;
      throw new Error('connection terminated');
    }
    return page;
  }
}
