import type { EventBus, EventLog, StoredEvent } from '../../application/ports/event-log.js';
import type { Logger } from '../logging/logger.js';
import { isAfter } from './event-id.js';

export interface LogFollowerOptions {
  /** Events read per query. */
  batchSize: number;
  /** Delay before reading again after a failed read. */
  readRetryMs: number;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Follows the event log from the newest event at start: the bus only says "something was
 * committed" (or null: "you may have missed something"), and the follower then reads
 * everything after the last id it handled. Single flight: one read at a time; signals
 * arriving meanwhile are coalesced into one more pass. `handle` sees each event once, in id
 * order; an event whose handling fails is read again on the retry.
 */
export class LogFollower {
  private lastId: string | null = null;
  private running = false;
  private stopped = false;
  private pending = false;
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly bus: EventBus,
    private readonly handle: (event: StoredEvent) => Promise<void>,
    private readonly options: LogFollowerOptions,
  ) {}

  async start(): Promise<void> {
    this.lastId = await this.log.latestId();
    if (this.stopped) return;
    this.unsubscribe = this.bus.subscribe((id) => this.signal(id));
    this.running = true;
    await this.bus.start();
    this.signal(null); // whatever was committed between latestId() and the bus listening
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    this.unsubscribe?.();
    clearTimeout(this.retryTimer);
    await this.bus.stop();
    await this.draining;
  }

  private signal(eventId: string | null): void {
    if (!this.running) return;
    if (eventId !== null && !isAfter(eventId, this.lastId)) return; // already handled
    this.pending = true;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (this.pending) this.signal(null); // a signal that came in as the loop was ending
    });
  }

  private async drain(): Promise<void> {
    while (this.pending && this.running) {
      this.pending = false;
      try {
        for (let more = true; more && this.running; ) {
          const batch = await this.log.readAfter(this.lastId, this.options.batchSize);
          for (const event of batch) {
            if (!this.running) return;
            await this.handle(event);
            this.lastId = event.id;
          }
          more = batch.length === this.options.batchSize;
        }
      } catch (err) {
        this.options.logger?.warn({ err }, 'live events: reading the event log failed; retrying');
        this.pending = false;
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.signal(null), this.options.readRetryMs);
        this.retryTimer.unref();
        return;
      }
    }
  }
}
