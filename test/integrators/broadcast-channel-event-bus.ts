// An integrator's EventBus, written from scratch against the port alone (types only), over
// another mechanism than the project's: the platform's BroadcastChannel, which reaches every
// channel of the same name in this process and in its worker threads.
import { BroadcastChannel } from 'node:worker_threads';
import type { EventBus } from '../../src/application/ports/event-log.js';

type Listener = (eventId: string | null) => void;

/**
 * Receives committed event ids posted on the channel `name` (by a BroadcastChannelAnnouncer,
 * or any BroadcastChannel of that name) and hands them to its subscribers. It listens only
 * between start() and stop(); whatever was posted before start() is covered by the null
 * ("catch up") it sends once listening.
 */
export class BroadcastChannelEventBus implements EventBus {
  /** Every id handed to subscribers, in order: lets a test see that the application used this bus. */
  readonly delivered: string[] = [];
  private readonly listeners = new Set<Listener>();
  private channel: BroadcastChannel | undefined;

  constructor(
    readonly name: string,
    private readonly onListenerError: (err: unknown) => void = () => {},
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async start(): Promise<void> {
    if (this.channel) return;
    const channel = new BroadcastChannel(this.name);
    channel.onmessage = (message) => {
      const id: unknown = message.data;
      if (this.channel === channel && typeof id === 'string') {
        this.delivered.push(id);
        this.emit(id);
      }
    };
    this.channel = channel;
    // Messages are delivered as later tasks, so this null reaches listeners before any id.
    queueMicrotask(() => {
      if (this.channel === channel) this.emit(null);
    });
  }

  async stop(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    channel?.close();
  }

  private emit(eventId: string | null): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(eventId);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

/** The writer's side: after an event commits, post its id to every bus listening on `name`. */
export class BroadcastChannelAnnouncer {
  private readonly channel: BroadcastChannel;

  constructor(name: string) {
    this.channel = new BroadcastChannel(name);
  }

  announce(eventId: string): void {
    this.channel.postMessage(eventId);
  }

  close(): void {
    this.channel.close();
  }
}
