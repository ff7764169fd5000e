import { SseParser, type SseBlock } from '../../web/src/lib/sse-parser.js';
import { transportCode } from './http.js';
import type { Stats } from './stats.js';

export interface StreamConnection {
  openedAt: number;
  sentLastEventId: string | null;
  /** First and last event id received on this connection. */
  first: string | null;
  last: string | null;
  /** The last id-only block (a resume point without an event) received on this connection. */
  resumePoint: string | null;
  endedAt: number | null;
  how: string;
}

/** The first id the server gave a stream: from an id-only block (a resume point) or from an event. */
export interface FirstId {
  id: string;
  idOnly: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One client's live-event subscription as the SPA keeps it: GET /api/events with the
 * bearer header and no Last-Event-ID at first, read with fetch, and when the stream ends or
 * breaks, reconnect after the server's `retry:` hint with `Last-Event-ID` set to the last
 * event id as WHATWG HTML 9.2 tracks it: every `id:` field sets it, with or without data, so
 * an id-only block (the server's resume point) counts too. Records every event id received
 * (duplicates and order included) and the first id the server gave, for the checker.
 */
export class EventStreamClient {
  /** Event ids in the order received, across reconnections. */
  readonly received: string[] = [];
  /** Each connection that got a 200: when, from which Last-Event-ID, what it delivered, how it ended. */
  readonly connections: StreamConnection[] = [];
  connects = 0;
  /** The first id the server gave (null until then). */
  firstId: FirstId | null = null;
  /** The last event ID string of the spec ('' = none: no Last-Event-ID is sent). */
  private lastId = '';
  /** Whether lastId came from an id-only block rather than an event. */
  private lastIdOnly = false;
  private retryMs = 3000;
  /** The retry value when the last block received was a `retry:` one (the server's closing hint), else null. */
  private lastBlockRetry: number | null = null;
  private stopped = false;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private firstOpen!: () => void;
  private firstFail!: (err: Error) => void;
  readonly opened = new Promise<void>((resolve, reject) => {
    this.firstOpen = resolve;
    this.firstFail = reject;
  });
  private firstPosition!: () => void;
  /** Resolves once the server gave the stream its first id (a resume point or an event). */
  readonly positioned = new Promise<void>((resolve) => (this.firstPosition = resolve));

  constructor(
    readonly label: string,
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly stats: Stats,
  ) {}

  get lastEventId(): string | null {
    return this.lastId === '' ? null : this.lastId;
  }

  start(): Promise<void> {
    this.loop ??= this.run();
    return this.opened;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const outcome = await this.connectOnce().catch((err: unknown) => `error:${transportCode(err)}`);
      if (this.stopped) break;
      this.stats.response('GET /events', outcome);
      if (outcome === 'ended') {
        failures = 0;
        this.stats.count('event stream reconnects');
        await sleep(this.retryMs);
        continue;
      }
      failures += 1;
      if (this.connects === 0 && failures > 40) {
        this.firstFail(new Error(`${this.label}: event stream could not open (${outcome})`));
        return;
      }
      await sleep(Math.min(this.retryMs, 250 * failures) * (0.5 + Math.random() / 2));
    }
  }

  /** One connection: "ended" when the body ended or broke after a 200, else the refusal. */
  private async connectOnce(): Promise<string> {
    this.abort = new AbortController();
    this.lastBlockRetry = null;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream' };
    if (this.lastId !== '') headers['Last-Event-ID'] = this.lastId;
    const res = await fetch(`${this.baseUrl}/api/events`, { headers, signal: this.abort.signal });
    if (res.status !== 200 || !res.body) {
      const retryAfter = Number(res.headers.get('retry-after'));
      await res.body?.cancel();
      if (res.status === 429 && retryAfter > 0) this.retryMs = Math.min(retryAfter * 1000, 3000);
      return `${res.status}`;
    }
    this.connects += 1;
    if (this.connects > 1 && this.lastIdOnly) {
      this.stats.count(this.received.length === 0 ? 'event stream reconnects from a resume point, before any event' : "event stream reconnects from a resume point past others' events");
    }
    const connection: StreamConnection = { openedAt: Date.now(), sentLastEventId: this.lastEventId, first: null, last: null, resumePoint: null, endedAt: null, how: 'open' };
    this.connections.push(connection);
    const count = this.received.length;
    const settle = (how: string) => {
      connection.endedAt = Date.now();
      connection.how = how;
      connection.first = this.received[count] ?? null;
      connection.last = this.received.length > count ? this.received.at(-1)! : null;
      return 'ended';
    };
    this.firstOpen();
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    // One parser per connection: its id buffer starts from the id just sent, and a block cut off by a break is dropped.
    const parser = new SseParser(
      {
        onEvent: (event) => this.received.push(event.lastEventId),
        onRetry: (ms) => (this.retryMs = ms),
        onBlock: (block) => this.block(block, connection),
      },
      this.lastId,
    );
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          this.stats.count(this.lastBlockRetry === null ? 'event stream ended by the server without a retry hint' : `event stream ended by the server after "retry: ${this.lastBlockRetry}"`);
          return settle('ended by the server');
        }
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      if (this.stopped) return settle('closed by the client');
      this.stats.count(`event stream broke (${transportCode(err)})`);
      return settle(`broke (${transportCode(err)})`);
    }
  }

  /**
   * One SSE block's bookkeeping (its event, if any, is already in `received`). An id-only
   * block is a resume point even when it repeats the current id, as after a reconnect with
   * nothing new: the last event id moves (or stays) without an event.
   */
  private block(block: SseBlock, connection: StreamConnection): void {
    this.lastBlockRetry = block.retry;
    this.lastId = block.lastEventId;
    if (block.hasData || block.hasId) this.lastIdOnly = !block.hasData;
    if (!block.hasData && block.hasId) {
      connection.resumePoint = this.lastId;
      this.stats.count('resume points received (id-only blocks)');
    }
    if (this.firstId === null && this.lastId !== '' && (block.hasData || block.hasId)) {
      this.firstId = { id: this.lastId, idOnly: !block.hasData };
      this.firstPosition();
    }
  }
}
