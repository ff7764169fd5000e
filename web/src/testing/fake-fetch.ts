import { vi } from 'vitest';

/** A response body the test writes to, chunk by chunk, and can end or break. */
export function controllableBody() {
  const encoder = new TextEncoder();
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  return {
    body,
    write: (text: string) => ctrl.enqueue(encoder.encode(text)),
    end: () => ctrl.close(),
    fail: () => ctrl.error(new TypeError('network error')),
  };
}
export type ControllableBody = ReturnType<typeof controllableBody>;

export interface FetchCall {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

/**
 * fetch as the event-stream reader uses it: each call is answered by the next scripted
 * reply (an open event stream, a status, a network error); unscripted calls fail as a
 * network error would.
 */
export function fakeFetch() {
  const calls: FetchCall[] = [];
  const replies: Array<() => Promise<Response>> = [];
  const fetch = vi.fn((url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), headers: { ...(init?.headers as Record<string, string>) }, signal: init!.signal! });
    const next = replies.shift();
    return next ? next() : Promise.reject(new TypeError('Failed to fetch'));
  });
  const respond = (status: number, body: ReadableStream<Uint8Array> | null, headers: Record<string, string>) =>
    ({ status, ok: status >= 200 && status < 300, body, headers: new Headers(headers) }) as Response;
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    /** Answers the next call with an open event stream; returns its body to write to. */
    stream(): ControllableBody {
      const b = controllableBody();
      replies.push(async () => respond(200, b.body, { 'content-type': 'text/event-stream; charset=utf-8' }));
      return b;
    },
    status(status: number, headers: Record<string, string> = {}) {
      replies.push(async () => respond(status, null, { 'content-type': 'application/json', ...headers }));
    },
    networkError() {
      replies.push(() => Promise.reject(new TypeError('Failed to fetch')));
    },
  };
}
export type FakeFetch = ReturnType<typeof fakeFetch>;

/** One SSE frame as the server writes it. */
export const frame = (id: number, type: string, data: unknown) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
