import type { ParsedSseEvent } from '../../src/adapters/live/testing/sse-sink.js';
import { SseParser } from '../../web/src/lib/sse-parser.js';

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Everything received so far. */
  text(): string;
  events(): ParsedSseEvent[];
  /** When each event id first arrived (Date.now()). */
  arrivals: Map<string, number>;
  /** Resolves once `predicate` holds for the events received; rejects after `timeoutMs`. */
  waitFor(predicate: (events: ParsedSseEvent[]) => boolean, timeoutMs?: number): Promise<ParsedSseEvent[]>;
  /** Resolves when the server ends the body (or the client closes). */
  ended: Promise<void>;
  close(): void;
}

/**
 * GET /api/events with fetch, reading the body as it streams (as the SPA does; EventSource
 * cannot send the Authorization header).
 */
export async function openEventStream(baseUrl: string, token?: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${baseUrl}/api/events`, { headers: { ...auth, ...headers }, signal: controller.signal });
  let text = '';
  const received: ParsedSseEvent[] = [];
  const arrivals = new Map<string, number>();
  let now = 0;
  const parser = new SseParser({
    onEvent: (e) => {
      received.push({ id: e.lastEventId, event: e.type, data: JSON.parse(e.data) });
      if (!arrivals.has(e.lastEventId)) arrivals.set(e.lastEventId, now);
    },
  });
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const chunk = decoder.decode(value, { stream: true });
        text += chunk;
        now = Date.now();
        parser.push(chunk);
      }
    } catch {
      // aborted by close()
    }
  })();
  // A copy: callers keep what they were given while more arrives.
  const events = () => (res.headers.get('content-type')?.startsWith('text/event-stream') ? [...received] : []);
  return {
    status: res.status,
    headers: res.headers,
    text: () => text,
    events,
    arrivals,
    ended,
    close: () => controller.abort(),
    async waitFor(predicate, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events())) {
        if (Date.now() > deadline) throw new Error(`timed out; received so far:\n${text}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return events();
    },
  };
}
