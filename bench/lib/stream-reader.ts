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
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: message.created')) continue;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) onMessage((JSON.parse(data.slice(6)) as { message: { id: string } }).message.id, at);
        }
      }
    } catch {
      // aborted on close
    }
  })();
  return { close: () => abort.abort() };
}
