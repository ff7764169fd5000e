import { SseParser, type SseEvent } from './sse-parser';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  url: string;
  /** Sent on every (re)connection, e.g. `Authorization`; the caller decides which origin gets a token. */
  headers: Record<string, string>;
  /** Resume point: sent as `Last-Event-ID` so the server replays what was missed. */
  lastEventId?: string | null;
  onEvent(event: SseEvent): void;
  /** 401: the stream stops for good; the session is over (or the token was replaced). */
  onUnauthorized(): void;
  onStatus?(status: StreamStatus): void;
  fetch?: typeof fetch;
  random?: () => number;
  /** The first reconnection delay until the server sends `retry:` (ms). */
  retryMs?: number;
  maxDelayMs?: number;
  /** No byte (not even a `: keep-alive`, sent every ≤ 25 s) for this long: the connection is dead. */
  idleTimeoutMs?: number;
}

export interface EventStream {
  readonly lastEventId: string | null;
  readonly status: StreamStatus;
  close(): void;
}

/** Up to +50 % random spread, so clients cut off together do not come back together. */
const JITTER = 0.5;

/**
 * A Server-Sent Events reader over fetch, because EventSource cannot send an
 * Authorization header. Reconnects after every end or failure with exponential back-off
 * plus jitter, starting from the server's `retry:`; resumes with Last-Event-ID; gives up
 * only on 401 or close().
 */
export function openEventStream(opts: EventStreamOptions): EventStream {
  const doFetch = opts.fetch ?? ((input, init) => window.fetch(input, init));
  const random = opts.random ?? Math.random;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  const idleTimeout = opts.idleTimeoutMs ?? 60_000;
  let baseDelay = opts.retryMs ?? 1_000;
  let lastEventId = opts.lastEventId ?? null;
  let status: StreamStatus = 'connecting';
  let attempt = 0;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: StreamStatus) => {
    if (status === next) return;
    status = next;
    opts.onStatus?.(next);
  };
  const closed = () => status === 'closed';

  function backOff(minMs = 0): void {
    if (closed()) return;
    const exp = Math.min(maxDelay, baseDelay * 2 ** attempt);
    const delay = Math.max(minMs, exp * (1 + JITTER * random()));
    attempt++;
    setStatus('reconnecting');
    retryTimer = setTimeout(() => void connect(), delay);
  }

  function armIdle(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller?.abort(), idleTimeout);
  }

  async function connect(): Promise<void> {
    if (closed()) return;
    const mine = (controller = new AbortController());
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...opts.headers };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    let response: Response;
    try {
      armIdle();
      response = await doFetch(opts.url, { headers, cache: 'no-store', credentials: 'omit', signal: mine.signal });
    } catch {
      clearTimeout(idleTimer);
      if (controller === mine) backOff();
      return;
    }
    if (controller !== mine || closed()) return;
    if (response.status === 401) {
      close();
      opts.onUnauthorized();
      return;
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !response.body || !type.toLowerCase().startsWith('text/event-stream')) {
      clearTimeout(idleTimer);
      void response.body?.cancel().catch(() => undefined);
      // A resume point the server does not know (400) is dropped; 429/503 say when to come back.
      if (response.status === 400) lastEventId = null;
      const retryAfter = Number(response.headers.get('retry-after'));
      return backOff(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0);
    }
    attempt = 0;
    setStatus('open');
    await read(response.body, mine);
  }

  async function read(body: ReadableStream<Uint8Array>, mine: AbortController): Promise<void> {
    const decoder = new TextDecoder();
    const parser = new SseParser(
      {
        onEvent: (event) => {
          lastEventId = event.lastEventId || null;
          try {
            opts.onEvent(event);
          } catch (err) {
            console.error('A live event could not be handled', err);
          }
        },
        onIdChange: (id) => (lastEventId = id || null),
        onRetry: (ms) => (baseDelay = ms),
      },
      lastEventId ?? '',
    );
    const reader = body.getReader();
    // fetch rejects a pending read on abort; cancelling as well does not depend on that.
    mine.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || controller !== mine) break;
        armIdle();
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Aborted (close, idle) or the connection broke: both end this connection.
    } finally {
      clearTimeout(idleTimer);
      parser.end();
    }
    if (controller === mine) backOff();
  }

  function close(): void {
    clearTimeout(retryTimer);
    clearTimeout(idleTimer);
    setStatus('closed');
    const current = controller;
    controller = null;
    current?.abort();
  }

  void connect();
  opts.onStatus?.(status);
  return {
    get lastEventId() {
      return lastEventId;
    },
    get status() {
      return status;
    },
    close,
  };
}
