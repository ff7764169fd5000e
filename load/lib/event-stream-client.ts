import { transportCode } from './http.js';
import type { Stats } from './stats.js';

export interface StreamConnection {
  openedAt: number;
  sentLastEventId: string | null;
  /** First and last event id received on this connection. */
  first: string | null;
  last: string | null;
  endedAt: number | null;
  how: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One client's live-event subscription as the SPA keeps it: GET /api/events with the
 * bearer header, read with fetch, and when the stream ends or breaks, reconnect after the
 * server's `retry:` hint with `Last-Event-ID` set to the last id received. Records every
 * event id received (duplicates and order included), for the checker.
 */
export class EventStreamClient {
  /** Event ids in the order received, across reconnections. */
  readonly received: string[] = [];
  /** Each connection that got a 200: when, from which Last-Event-ID, what it delivered, how it ended. */
  readonly connections: StreamConnection[] = [];
  connects = 0;
  private lastId: string | null;
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

  constructor(
    readonly label: string,
    private readonly baseUrl: string,
    private readonly token: string,
    /** The newest event before the run: the stream asks for everything after it. */
    startAfter: string | null,
    private readonly stats: Stats,
  ) {
    this.lastId = startAfter;
  }

  get lastEventId(): string | null {
    return this.lastId;
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
    if (this.lastId !== null) headers['Last-Event-ID'] = this.lastId;
    const res = await fetch(`${this.baseUrl}/api/events`, { headers, signal: this.abort.signal });
    if (res.status !== 200 || !res.body) {
      const retryAfter = Number(res.headers.get('retry-after'));
      await res.body?.cancel();
      if (res.status === 429 && retryAfter > 0) this.retryMs = Math.min(retryAfter * 1000, 3000);
      return `${res.status}`;
    }
    this.connects += 1;
    const connection: StreamConnection = { openedAt: Date.now(), sentLastEventId: this.lastId, first: null, last: null, endedAt: null, how: 'open' };
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
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          this.stats.count(this.lastBlockRetry === null ? 'event stream ended by the server without a retry hint' : `event stream ended by the server after "retry: ${this.lastBlockRetry}"`);
          return settle('ended by the server');
        }
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) {
      if (this.stopped) return settle('closed by the client');
      this.stats.count(`event stream broke (${transportCode(err)})`);
      return settle(`broke (${transportCode(err)})`);
    }
  }

  /** One SSE block: only `id` and `retry` matter here (an event without data is not dispatched). */
  private frame(block: string): void {
    let id: string | undefined;
    let hasData = false;
    let retry: number | null = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) hasData = true;
      else if (line.startsWith('retry: ')) retry = this.retryMs = Number(line.slice(7));
    }
    if (!block.startsWith(':')) this.lastBlockRetry = retry;
    if (id !== undefined && hasData) {
      this.received.push(id);
      this.lastId = id;
    }
  }
}
