import type { Writable } from 'node:stream';
import { RateLimitedError, UnavailableError } from '../../application/errors.js';
import type { EventBus, EventLog, StoredEvent } from '../../application/ports/event-log.js';
import type { Principal } from '../../application/principal.js';
import type { Logger } from '../logging/logger.js';
import { compareEventIds } from './event-id.js';
import { mayReceive, UnrenderableEventError, type LiveEventRenderer } from './event-renderer.js';
import { EventStream, type CloseReason } from './event-stream.js';
import { DEFAULT_HUB_OPTIONS, type LiveEventHubOptions } from './live-options.js';
import { LogFollower } from './log-follower.js';

export interface LiveEventHubDeps {
  log: EventLog;
  bus: EventBus;
  renderer: LiveEventRenderer;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

export interface StreamRequest {
  principal: Principal;
  expiresAt: Date;
  stillAuthorized(): Promise<boolean>;
  out: Writable;
}

/**
 * The live-event relay of one process: its LogFollower hands over each committed event in
 * id order, and the hub passes it to the streams allowed to see it, rendered for each
 * receiver. A new stream first replays from the log what it missed (see serve).
 */
export class LiveEventHub {
  private readonly options: LiveEventHubOptions;
  private readonly streams = new Set<EventStream>();
  private readonly perUser = new Map<string, number>();
  private state: 'new' | 'running' | 'closing' | 'stopped' = 'new';
  private starting: Promise<void> | undefined;
  private readonly follower: LogFollower;

  constructor(private readonly deps: LiveEventHubDeps, options: Partial<LiveEventHubOptions> = {}) {
    this.options = { ...DEFAULT_HUB_OPTIONS, ...options };
    this.follower = new LogFollower(deps.log, deps.bus, (event) => this.dispatch(event), { ...this.options, logger: deps.logger });
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** Idempotent; open() calls it too, so the first stream starts the hub when main.ts did not. */
  start(): Promise<void> {
    if (this.state === 'closing' || this.state === 'stopped') return Promise.reject(this.shuttingDown());
    return (this.starting ??= this.follower.start().then(() => {
      if (this.state === 'new') this.state = 'running';
    }, (err: unknown) => {
      this.starting = undefined;
      throw err;
    }));
  }

  /** Admits a stream (limits are checked before any byte is written); live events are held for it from now on. */
  async open(request: StreamRequest): Promise<EventStream> {
    await this.start();
    if (this.state !== 'running') throw this.shuttingDown();
    const { userId } = request.principal;
    const count = this.perUser.get(userId) ?? 0;
    const max = this.options.maxStreamsPerUser;
    if (count >= max) throw new RateLimitedError(`At most ${max} live event streams per user are allowed; close one first.`, 10);
    const stream = new EventStream(request.out, { ...this.options, ...request, onClose: (s) => this.release(s) });
    this.streams.add(stream);
    this.perUser.set(userId, count + 1);
    return stream;
  }

  /**
   * Sends `retry:`, replays every visible event after `lastEventId` (null: nothing, start
   * at the newest), then goes live, giving the client its resume point (see goLive). The
   * stream was registered before the replay began, so live events meanwhile were held;
   * goLive drops those the replay already covered.
   */
  async serve(stream: EventStream, lastEventId: string | null): Promise<CloseReason> {
    stream.begin();
    try {
      const latest = await this.deps.log.latestId();
      // A Last-Event-ID beyond the newest event (say, of a reset database) would hide everything new.
      let cursor = lastEventId !== null && latest !== null && compareEventIds(lastEventId, latest) <= 0 ? lastEventId : latest;
      for (let more = true; more && !stream.closed; ) {
        const batch = await this.deps.log.readAfter(cursor, this.options.batchSize);
        for (const event of batch) {
          if (stream.closed) break;
          const frame = mayReceive(stream.principal, event) ? (await this.render(event, [stream]))?.get(stream.principal.userId) : undefined;
          if (frame) await stream.replay(event.id, frame);
          cursor = event.id;
        }
        more = batch.length === this.options.batchSize;
      }
      // An empty log (a new deployment, or everything pruned) has no newest id: "0", before
      // every event, is then the resume point, so a drop before the first event loses nothing.
      stream.goLive(cursor ?? '0');
    } catch (err) {
      this.deps.logger?.warn({ err }, 'live events: replay failed; the client will reconnect');
      stream.close('replay-failed');
    }
    return stream.done;
  }

  /** Graceful shutdown: no new streams; every stream gets a short retry hint and ends; the bus stops. */
  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'closing';
    for (const stream of [...this.streams]) stream.close('shutdown', this.options.shutdownRetryMs);
    await this.follower.stop();
    this.state = 'stopped';
  }

  /** Renders first (the only step that can fail), then delivers to all: an event is never half-sent. */
  private async dispatch(event: StoredEvent): Promise<void> {
    const receivers = [...this.streams].filter((s) => mayReceive(s.principal, event));
    const frames = await this.render(event, receivers);
    if (!frames) return;
    for (const s of receivers) {
      const frame = frames.get(s.principal.userId);
      if (frame) s.deliver(event.id, frame);
    }
  }

  private async render(event: StoredEvent, receivers: EventStream[]): Promise<Map<string, string> | undefined> {
    if (receivers.length === 0) return undefined;
    try {
      return await this.deps.renderer.render(event, receivers.map((s) => s.principal));
    } catch (err) {
      if (!(err instanceof UnrenderableEventError)) throw err;
      this.deps.logger?.error({ err, eventId: event.id }, 'live events: skipping an event that cannot be rendered');
      return undefined;
    }
  }

  private release(stream: EventStream): void {
    if (!this.streams.delete(stream)) return;
    const userId = stream.principal.userId;
    const left = (this.perUser.get(userId) ?? 1) - 1;
    if (left > 0) this.perUser.set(userId, left);
    else this.perUser.delete(userId);
  }

  private shuttingDown(): UnavailableError {
    return new UnavailableError('The server is shutting down; reconnect in a moment.', 1);
  }
}
