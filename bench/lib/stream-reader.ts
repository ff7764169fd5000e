import { SseParser } from '../../web/src/lib/sse-parser.js';

/**
 * A minimal SSE reader for benchmarks: opens GET /api/events with a bearer token and
 * calls `onMessage(messageId, receivedAt)` for every message.created event.
 */
export interface BenchStream {
  close(): void;
}

export async function openBenchStream(baseUrl: string, token: string, onMessage: (messageId: string, at: number) => void): Promise<BenchStream> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/events`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`GET /api/events answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  // When the chunk that completed the event was read, not when it was parsed.
  let at = 0;
  const parser = new SseParser({
    onEvent: (event) => {
      if (event.type === 'message.created') onMessage((JSON.parse(event.data) as { message: { id: string } }).message.id, at);
    },
  });
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        at = performance.now();
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted on close
    }
  })();
  return { close: () => abort.abort() };
}
