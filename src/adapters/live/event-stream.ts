import type { Writable } from 'node:stream';
import type { Principal } from '../../application/principal.js';
import { isAfter, laterOf } from './event-id.js';
import type { LiveEventHubOptions } from './live-options.js';
import { SSE_KEEP_ALIVE, sseId, sseRetry } from './sse.js';

export type CloseReason =
  | 'client-gone' | 'token-expired' | 'token-revoked' | 'recheck-failed' | 'slow-consumer' | 'replay-failed' | 'shutdown' | 'write-error';

export interface EventStreamOptions extends Pick<LiveEventHubOptions, 'keepAliveMs' | 'recheckMs' | 'maxQueuedEvents' | 'retryMs' | 'now'> {
  principal: Principal;
  /** The access token's expiry: the stream ends then. */
  expiresAt: Date;
  /** Resolves false once the token no longer authenticates (revoked, user disabled or deleted). */
  stillAuthorized(): Promise<boolean>;
  /** Called once, synchronously, when the stream closes. */
  onClose(stream: EventStream, reason: CloseReason): void;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * One client's SSE connection. Replayed frames go out first; live frames that arrive
 * meanwhile are held, and any id at or before what the client already has is dropped, so
 * each event goes out exactly once and in id order. Frames queue while the socket pushes
 * back; a client that lets the queue overflow is cut off (it reconnects with Last-Event-ID).
 */
export class EventStream {
  readonly principal: Principal;
  readonly done: Promise<CloseReason>;
  private settle!: (reason: CloseReason) => void;
  private phase: 'replaying' | 'live' | 'closed' = 'replaying';
  /** The last id the client has been given or deliberately skipped. */
  private cursor: string | null = null;
  private held: Array<{ id: string; frame: string }> = [];
  private queue: string[] = [];
  private blocked = false;
  private rechecking = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly out: Writable,
    private readonly options: EventStreamOptions,
  ) {
    this.principal = options.principal;
    this.done = new Promise((resolve) => (this.settle = resolve));
    out.on('close', () => this.close('client-gone'));
    out.on('error', () => this.close('write-error'));
    out.on('drain', () => {
      this.blocked = false;
      this.pump();
      this.wake();
    });
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  /** Announces the reconnection delay and starts the keep-alive, expiry and re-check timers. */
  begin(): void {
    const { keepAliveMs, recheckMs, expiresAt, now, retryMs } = this.options;
    if (this.out.destroyed) return this.close('client-gone'); // went away before we began
    this.enqueue(sseRetry(retryMs));
    const ttl = expiresAt.getTime() - now();
    if (ttl <= 0) return this.close('token-expired');
    this.timers.push(
      setTimeout(() => this.close('token-expired'), Math.min(ttl, MAX_TIMEOUT_MS)),
      setInterval(() => this.keepAlive(), keepAliveMs),
      setInterval(() => void this.recheck(), recheckMs),
    );
    for (const timer of this.timers) timer.unref();
  }

  /** A replayed frame (filtered and rendered); resolves when the client can take more. */
  async replay(id: string, frame: string): Promise<void> {
    if (this.closed) return;
    this.cursor = laterOf(this.cursor, id);
    this.enqueue(frame);
    if (this.blocked && !this.closed) await new Promise<void>((resolve) => this.waiters.add(resolve));
  }

  /** The replay has read the log up to `readUpTo` (shown or filtered out): release what was held, then go live. */
  goLive(readUpTo: string | null): void {
    if (this.closed) return;
    // The client's resume point is the last id it was sent. When the replay ends past that
    // (a fresh stream, or events this caller may not see), an id-only block moves it here:
    // it dispatches nothing (WHATWG HTML 9.2), but a reconnect then resumes from this
    // point instead of "now", and skips what was already read and filtered out.
    if (readUpTo !== null && isAfter(readUpTo, this.cursor)) this.enqueue(sseId(readUpTo));
    this.cursor = laterOf(this.cursor, readUpTo);
    this.phase = 'live';
    const held = this.held;
    this.held = [];
    for (const { id, frame } of held) this.deliver(id, frame);
  }

  /** A live frame from the hub; the hub delivers in id order. */
  deliver(id: string, frame: string): void {
    if (this.phase === 'closed') return;
    if (this.phase === 'replaying') {
      this.held.push({ id, frame });
      if (this.held.length > this.options.maxQueuedEvents) this.close('slow-consumer');
      return;
    }
    if (!isAfter(id, this.cursor)) return;
    this.cursor = id;
    this.enqueue(frame);
  }

  /** Ends the stream; with `retryHintMs`, tells the client how soon to come back. Idempotent. */
  close(reason: CloseReason, retryHintMs?: number): void {
    if (this.closed) return;
    this.phase = 'closed';
    for (const timer of this.timers) clearTimeout(timer);
    this.queue = [];
    this.held = [];
    if (reason === 'slow-consumer' || reason === 'write-error' || reason === 'client-gone') {
      this.out.destroy(); // a stuck client would never take the rest anyway
    } else {
      if (retryHintMs !== undefined) this.out.write(sseRetry(retryHintMs));
      this.out.end();
    }
    this.wake();
    this.options.onClose(this, reason);
    this.settle(reason);
  }

  private enqueue(chunk: string): void {
    if (this.blocked && this.queue.length >= this.options.maxQueuedEvents) return this.close('slow-consumer');
    this.queue.push(chunk);
    this.pump();
  }

  private pump(): void {
    while (!this.blocked && !this.closed && this.queue.length > 0) {
      if (!this.out.write(this.queue.shift()!)) this.blocked = true;
    }
  }

  private keepAlive(): void {
    if (!this.blocked && this.queue.length === 0) this.enqueue(SSE_KEEP_ALIVE);
  }

  private async recheck(): Promise<void> {
    if (this.rechecking || this.closed) return;
    this.rechecking = true;
    try {
      if (!(await this.options.stillAuthorized())) this.close('token-revoked');
    } catch {
      this.close('recheck-failed'); // cannot tell: fail closed; the client reconnects and authenticates afresh
    } finally {
      this.rechecking = false;
    }
  }

  private wake(): void {
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }
}
