import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEventStream, type EventStream, type EventStreamOptions } from './event-stream';
import type { SseEvent } from './sse-parser';
import { fakeFetch, type FakeFetch } from '../testing/fake-fetch';

const settle = () => vi.advanceTimersByTimeAsync(0);

let f: FakeFetch;
let events: SseEvent[];
let unauthorized: ReturnType<typeof vi.fn<() => void>>;
let stream: EventStream | undefined;

function open(overrides: Partial<EventStreamOptions> = {}): EventStream {
  stream = openEventStream({
    url: '/api/events',
    headers: { Authorization: 'Bearer t1' },
    fetch: f.fetch,
    random: () => 0,
    onEvent: (e) => events.push(e),
    onUnauthorized: unauthorized,
    ...overrides,
  });
  return stream;
}

beforeEach(() => {
  vi.useFakeTimers();
  f = fakeFetch();
  events = [];
  unauthorized = vi.fn<() => void>();
});
afterEach(() => {
  stream?.close();
  vi.useRealTimers();
});

describe('openEventStream', () => {
  it('sends the headers, dispatches events and tracks the last id', async () => {
    const body = f.stream();
    const s = open({ lastEventId: '41' });
    await settle();
    body.write('id: 42\nevent: order.created\nda');
    body.write('ta: {"id":"o-1"}\n\n');
    await settle();
    expect(f.calls[0]?.headers).toEqual({ Accept: 'text/event-stream', Authorization: 'Bearer t1', 'Last-Event-ID': '41' });
    expect(events).toEqual([{ type: 'order.created', data: '{"id":"o-1"}', lastEventId: '42' }]);
    expect(s.lastEventId).toBe('42');
    expect(s.status).toBe('open');
  });

  it('reconnects after the stream ends, honouring retry: and resuming with Last-Event-ID', async () => {
    const first = f.stream();
    const second = f.stream();
    open();
    await settle();
    first.write('retry: 5000\n\nid: 7\ndata: x\n\n');
    first.end();
    await settle();
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
    expect(f.calls[1]?.headers['Last-Event-ID']).toBe('7');
    second.write('id: 8\ndata: y\n\n');
    await settle();
    expect(events.map((e) => e.lastEventId)).toEqual(['7', '8']);
  });

  it('backs off exponentially with jitter while the server is unreachable, and resets once connected', async () => {
    const times: number[] = [];
    f.networkError();
    f.status(503);
    f.networkError();
    const body = f.stream();
    f.networkError();
    const start = Date.now();
    open({ retryMs: 1000, random: () => 1, fetch: ((...args: Parameters<typeof fetch>) => (times.push(Date.now() - start), f.fetch(...args))) as typeof fetch });
    await vi.advanceTimersByTimeAsync(20_000);
    // 1 s, 2 s, 4 s, each +50 % jitter (random() = 1): 1.5, 3, 6.
    expect(times).toEqual([0, 1500, 4500, 10_500]);
    body.end();
    await vi.advanceTimersByTimeAsync(1499);
    expect(times).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(times).toEqual([0, 1500, 4500, 10_500, 21_500]);
  });

  it('caps the delay and spreads it with jitter', async () => {
    for (let i = 0; i < 12; i++) f.networkError();
    const times: number[] = [];
    const start = Date.now();
    open({ retryMs: 1000, maxDelayMs: 8000, random: () => 0.5, fetch: ((...args: Parameters<typeof fetch>) => (times.push(Date.now() - start), f.fetch(...args))) as typeof fetch });
    await vi.advanceTimersByTimeAsync(60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(0, 5)).toEqual([1250, 2500, 5000, 10_000, 10_000]);
  });

  it('waits at least Retry-After on 429', async () => {
    f.status(429, { 'retry-after': '20' });
    f.stream();
    open({ retryMs: 1000 });
    await vi.advanceTimersByTimeAsync(19_999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
  });

  it('treats a 200 that is not an event stream (an HTML fallback) as a failure', async () => {
    const replies = [{ status: 200, body: null, headers: new Headers({ 'content-type': 'text/html' }), ok: true }];
    const s = open({ fetch: (() => Promise.resolve(replies.shift() as unknown as Response)) as typeof fetch });
    await settle();
    expect(s.status).toBe('reconnecting');
  });

  it('stops for good on 401 and reports it', async () => {
    f.status(401);
    const s = open();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(unauthorized).toHaveBeenCalledTimes(1);
    expect(f.calls).toHaveLength(1);
    expect(s.status).toBe('closed');
  });

  it('forgets a resume point the server refuses (400)', async () => {
    f.status(400);
    f.stream();
    open({ lastEventId: '999' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.calls[1]?.headers['Last-Event-ID']).toBeUndefined();
  });

  it('close() aborts the request and never reconnects', async () => {
    const body = f.stream();
    const s = open();
    await settle();
    s.close();
    expect(f.calls[0]?.signal.aborted).toBe(true);
    expect(() => body.write('data: late\n\n')).toThrow(); // the reader cancelled the body
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toEqual([]);
    expect(f.calls).toHaveLength(1);
  });

  it('reconnects when the connection goes silent (no keep-alive) for too long', async () => {
    const first = f.stream();
    f.stream();
    open({ idleTimeoutMs: 30_000, retryMs: 1000 });
    await settle();
    first.write(': keep-alive\n\n');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(f.calls[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls[0]?.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.calls).toHaveLength(2);
  });

  it('reconnects after the connection breaks mid-event, without counting the partial event', async () => {
    const first = f.stream();
    f.stream();
    const s = open();
    await settle();
    first.write('id: 1\ndata: a\n\nid: 2\ndata: b');
    first.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(events.map((e) => e.data)).toEqual(['a']);
    expect(s.lastEventId).toBe('1');
    expect(f.calls[1]?.headers['Last-Event-ID']).toBe('1');
  });
});
