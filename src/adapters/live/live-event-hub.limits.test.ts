import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedError, UnavailableError } from '../../application/errors.js';
import { makeHub } from './testing/hub-fixture.js';
import { SseSink } from './testing/sse-sink.js';

let fixture: ReturnType<typeof makeHub>;
afterEach(async () => {
  vi.useRealTimers();
  await fixture?.hub.shutdown();
});

const useFakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

describe('LiveEventHub: limits', () => {
  it('cuts off a client that stops reading once its queue overflows, and frees its slot', async () => {
    fixture = makeHub({ maxQueuedEvents: 5 });
    const { connect, eventOf, people, hub } = fixture;
    const slow = await connect(people.sam, { sink: new SseSink(256).stall() });
    const fast = await connect(people.sam);
    const events = Array.from({ length: 40 }, () => eventOf(people.ann));
    expect(await slow.done).toBe('slow-consumer');
    expect(slow.sink.destroyed).toBe(true);
    await vi.waitFor(() => expect(fast.sink.ids()).toEqual(events.map((e) => e.id)));
    expect(hub.streamCount).toBe(1);
  });

  it('allows 5 streams per user and answers the 6th with rate_limited until one closes', async () => {
    fixture = makeHub();
    const { connect, people } = fixture;
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await connect(people.ann));
    const sixth = await connect(people.ann).then(() => undefined, (err: unknown) => err);
    expect(sixth).toBeInstanceOf(RateLimitedError);
    expect((sixth as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    await connect(people.bob); // another user is not affected
    five[0]!.sink.destroy(); // the client goes away
    expect(await five[0]!.done).toBe('client-gone');
    await connect(people.ann);
  });

  it('ends the stream when the token expires, with keep-alive comments until then', async () => {
    useFakeTimers();
    fixture = makeHub({ keepAliveMs: 20_000 });
    const { connect, people } = fixture;
    const sam = await connect(people.sam, { expiresAt: new Date(Date.now() + 90_000) });
    let ended: string | undefined;
    void sam.done.then((reason) => (ended = reason));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sam.sink.parsed.comments).toEqual(['keep-alive']);
    await vi.advanceTimersByTimeAsync(69_999);
    expect(sam.sink.parsed.comments).toHaveLength(4);
    expect(ended).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toBe('token-expired');
    expect(sam.sink.writableEnded).toBe(true);
    expect(fixture.hub.streamCount).toBe(0);
  });

  it('re-checks the token every recheck interval and ends the stream once it is revoked', async () => {
    useFakeTimers();
    fixture = makeHub({ recheckMs: 60_000 });
    const { connect, people } = fixture;
    let valid = true;
    const checks: number[] = [];
    const sam = await connect(people.sam, { stillAuthorized: async () => (checks.push(Date.now()), valid) });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(checks).toHaveLength(2);
    valid = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await sam.done).toBe('token-revoked');
  });

  it('fails closed when the re-check itself fails', async () => {
    useFakeTimers();
    fixture = makeHub({ recheckMs: 1000 });
    const sam = await fixture.connect(fixture.people.sam, { stillAuthorized: async () => Promise.reject(new Error('db down')) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await sam.done).toBe('recheck-failed');
  });
});

describe('LiveEventHub: failures and shutdown', () => {
  it('reads again after a failed read, so nothing is lost', async () => {
    fixture = makeHub({ readRetryMs: 10 });
    const { connect, log, eventOf, people } = fixture;
    const sam = await connect(people.sam);
    const first = eventOf(people.ann);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([first.id])); // live now: only the hub reads
    log.failReads = 1;
    const second = eventOf(people.ann);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([first.id, second.id]));
    expect(log.failReads).toBe(0);
  });

  it('ends a stream whose replay cannot read the log; the client reconnects with Last-Event-ID', async () => {
    fixture = makeHub();
    const { connect, log, people } = fixture;
    await fixture.hub.start();
    await new Promise((r) => setTimeout(r, 20)); // the hub's own catch-up read is done
    log.failReads = 1;
    const sam = await connect(people.sam, { lastEventId: '0' });
    expect(await sam.done).toBe('replay-failed');
    expect(sam.sink.writableEnded).toBe(true);
  });

  it('on shutdown sends every stream retry: 1000, ends it, refuses new ones and stops reading', async () => {
    fixture = makeHub();
    const { connect, log, eventOf, people, hub } = fixture;
    const streams = [await connect(people.ann), await connect(people.sam)];
    await hub.shutdown();
    for (const s of streams) {
      expect(await s.done).toBe('shutdown');
      expect(s.sink.text.endsWith('retry: 1000\n\n')).toBe(true);
      expect(s.sink.writableEnded).toBe(true);
    }
    await expect(connect(people.ann)).rejects.toBeInstanceOf(UnavailableError);
    const reads = log.reads;
    eventOf(people.ann);
    await new Promise((r) => setTimeout(r, 20));
    expect(log.reads).toBe(reads);
  });
});
