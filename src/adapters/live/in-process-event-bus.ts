import type { EventBus } from '../../application/ports/event-log.js';

type Listener = (eventId: string | null) => void;

/** Anything that announces appended events, e.g. InMemoryEventLog.onAppend. */
export interface AppendSource {
  onAppend(listener: (event: { id: string }) => void): unknown;
}

/**
 * The EventBus of a single process (one instance, tests): ids go straight from the writer
 * to the subscribers. Delivery is asynchronous (a microtask), like a NOTIFY after commit,
 * so a subscriber never runs inside the writer's call. Fed by an AppendSource, or by
 * publish(id) from whoever commits an event.
 */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Set<Listener>();
  private running = false;
  private attached = false;
  private detach: (() => void) | undefined;

  constructor(
    private readonly source?: AppendSource,
    private readonly onListenerError: (err: unknown) => void = () => {},
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.source && !this.attached) {
      const off = this.source.onAppend((event) => this.publish(event.id));
      this.attached = true;
      this.detach = typeof off === 'function' ? (off as () => void) : undefined;
    }
    // Like a (re)connected listener: whatever was appended before now must be read from the log.
    this.emit(null);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (!this.detach) return; // a source without unsubscribe stays attached; publish() ignores it
    this.detach();
    this.detach = undefined;
    this.attached = false;
  }

  /** Announces a committed event. Ignored while stopped. */
  publish(eventId: string): void {
    if (this.running) this.emit(eventId);
  }

  private emit(eventId: string | null): void {
    queueMicrotask(() => {
      if (!this.running) return;
      for (const listener of [...this.listeners]) {
        try {
          listener(eventId);
        } catch (err) {
          this.onListenerError(err);
        }
      }
    });
  }
}
