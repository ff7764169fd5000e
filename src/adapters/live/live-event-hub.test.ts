import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderSummaryDto } from '../http/routes/order-presenter.js';
import { makeHub, placedOrder } from './testing/hub-fixture.js';

let fixture: ReturnType<typeof makeHub>;
afterEach(async () => {
  await fixture?.hub.shutdown();
});

describe('LiveEventHub: who receives what', () => {
  it('gives a customer the events of their own orders only; staff and admins get all', async () => {
    fixture = makeHub();
    const { connect, eventOf, people } = fixture;
    const [ann, bob, sam, ada] = await Promise.all([connect(people.ann), connect(people.bob), connect(people.sam), connect(people.ada)]);
    const a = eventOf(people.ann);
    const b = eventOf(people.bob);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([a.id, b.id]));
    await vi.waitFor(() => expect(ada.sink.ids()).toEqual([a.id, b.id]));
    expect(ann.sink.ids()).toEqual([a.id]);
    expect(bob.sink.ids()).toEqual([b.id]);
  });

  it('renders an order as each receiver would GET it, with one unread query per event for all of them', async () => {
    fixture = makeHub();
    const { connect, orderEvent, people, unread, unreadQueries } = fixture;
    const streams = await Promise.all([connect(people.ann), connect(people.ann), connect(people.sam)]);
    unread.set(people.ann.userId, 2);
    const order = placedOrder(people.ann);
    const event = orderEvent(order);
    for (const s of streams) await vi.waitFor(() => expect(s.sink.ids()).toEqual([event.id]));
    const [annView, , samView] = streams.map((s) => s.sink.parsed.events[0]!);
    expect(annView).toEqual({ id: event.id, event: 'order.created', data: orderSummaryDto(order, people.ann, 2) });
    expect(samView!.data).toEqual(orderSummaryDto(order, people.sam, 0));
    expect(annView!.data).toMatchObject({ allowedTransitions: ['cancelled'], unreadCount: 2 });
    expect(samView!.data).toMatchObject({ allowedTransitions: ['confirmed', 'cancelled'], unreadCount: 0 });
    expect(unreadQueries).toEqual([{ orderId: order.id, userIds: [people.ann.userId, people.sam.userId] }]);
  });

  it('sends message.created as { orderId, message } with the message as stored', async () => {
    fixture = makeHub();
    const { connect, log, people } = fixture;
    const ann = await connect(people.ann);
    const message = { id: '9', orderId: 'o-1', author: { id: people.sam.userId, name: 'Sam', role: 'staff' }, body: 'line one\nline two', clientId: null, createdAt: '2026-11-28T12:00:00.000Z' };
    const event = log.add({ type: 'message.created', orderId: 'o-1', customerId: people.ann.userId, payload: { orderId: 'o-1', message } });
    await vi.waitFor(() => expect(ann.sink.parsed.events).toEqual([{ id: event.id, event: 'message.created', data: { orderId: 'o-1', message } }]));
    expect(fixture.unreadQueries).toEqual([]);
  });

  it('skips an event whose payload cannot be rendered and carries on', async () => {
    fixture = makeHub();
    const { connect, log, eventOf, people } = fixture;
    const sam = await connect(people.sam);
    log.add({ type: 'order.updated', orderId: 'o-1', customerId: people.ann.userId, payload: { nonsense: true } });
    const good = eventOf(people.ann);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([good.id]));
  });
});

describe('LiveEventHub: replay and order', () => {
  it('starts at the newest event when there is no Last-Event-ID, and announces retry: 3000 first', async () => {
    fixture = makeHub();
    const { connect, eventOf, people } = fixture;
    eventOf(people.ann);
    const sam = await connect(people.sam);
    const next = eventOf(people.ann);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([next.id]));
    expect(sam.sink.text.startsWith('retry: 3000\n\n')).toBe(true);
  });

  it('gives a fresh stream a resume point (an id-only block) before any event, so a reconnect misses nothing', async () => {
    fixture = makeHub();
    const { connect, eventOf, people } = fixture;
    const before = eventOf(people.ann);
    const sam = await connect(people.sam);
    await vi.waitFor(() => expect(sam.sink.parsed.lastEventId).toBe(before.id));
    expect(sam.sink.ids()).toEqual([]);
    expect(sam.sink.text).toBe(`retry: 3000\n\nid: ${before.id}\n\n`);
  });

  it('gives a fresh stream on an empty log the resume point 0 (before every event), so a reconnect misses nothing', async () => {
    fixture = makeHub();
    const { connect, eventOf, people } = fixture;
    const first = await connect(people.ann);
    await vi.waitFor(() => expect(first.sink.text).toBe('retry: 3000\n\nid: 0\n\n'));
    first.stream.close('client-gone'); // dropped before its first event
    const missed = eventOf(people.ann);
    const again = await connect(people.ann, { lastEventId: first.sink.parsed.lastEventId || null });
    await vi.waitFor(() => expect(again.sink.ids()).toEqual([missed.id]));
  });

  it("moves a customer's resume point past the others' events the replay skipped, and not twice", async () => {
    fixture = makeHub();
    const { connect, eventOf, people } = fixture;
    const seen = eventOf(people.ann);
    const theirs = eventOf(people.ann);
    const others = eventOf(people.bob);
    const ann = await connect(people.ann, { lastEventId: seen.id });
    await vi.waitFor(() => expect(ann.sink.parsed.lastEventId).toBe(others.id));
    expect(ann.sink.ids()).toEqual([theirs.id]);
    const sam = await connect(people.sam, { lastEventId: seen.id });
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([theirs.id, others.id]));
    expect(sam.sink.text).not.toContain(`id: ${others.id}\n\n`);
  });

  it('replays what a customer missed after Last-Event-ID (theirs only, in order), then goes live', async () => {
    fixture = makeHub({ batchSize: 2 });
    const { connect, eventOf, people } = fixture;
    const seen = eventOf(people.ann);
    const missed = [eventOf(people.ann), eventOf(people.bob), eventOf(people.ann), eventOf(people.ann)];
    const ann = await connect(people.ann, { lastEventId: seen.id });
    const live = eventOf(people.ann);
    const expected = [...missed.filter((e) => e.customerId === people.ann.userId), live].map((e) => e.id);
    await vi.waitFor(() => expect(ann.sink.ids()).toEqual(expected));
  });

  it('treats a Last-Event-ID beyond the newest event as "from now"', async () => {
    fixture = makeHub();
    const { connect, eventOf, people } = fixture;
    eventOf(people.ann);
    const sam = await connect(people.sam, { lastEventId: '999999' });
    const next = eventOf(people.ann);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual([next.id]));
  });

  it('delivers each event exactly once when live events arrive while the replay read is in flight', async () => {
    fixture = makeHub();
    const { connect, log, eventOf, people } = fixture;
    const first = eventOf(people.ann);
    const missed = [eventOf(people.ann), eventOf(people.ann)];
    await fixture.hub.start();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    log.beforeRead = () => gate; // the replay's read (and the hub's) hang, having seen only the log so far
    const sam = await connect(people.sam, { lastEventId: first.id });
    const during = [eventOf(people.ann), eventOf(people.bob)];
    release();
    const after = eventOf(people.ann);
    const expected = [...missed, ...during, after].map((e) => e.id);
    await vi.waitFor(() => expect(sam.sink.ids()).toEqual(expected));
  });

  it('keeps every stream exact and in order under random interleaving of writes, reads and reconnects', async () => {
    fixture = makeHub({ batchSize: 3 });
    const { connect, log, eventOf, people } = fixture;
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    log.beforeRead = async () => void (await pause());
    for (let i = 0; i < 5; i++) eventOf(i % 2 ? people.ann : people.bob);
    const writer = (async () => {
      for (let i = 0; i < 60; i++) {
        eventOf(i % 3 ? people.ann : people.bob);
        if (i % 4 === 0) await pause();
      }
    })();
    const opened = [];
    for (let i = 0; i < 12; i++) {
      const who = [people.ann, people.bob, people.sam][i % 3]!;
      const lastEventId = String(1 + Math.floor(Math.random() * log.all().length));
      opened.push({ who, lastEventId, stream: await connect(who, { lastEventId }) });
      await pause();
    }
    await writer;
    for (const { who, lastEventId, stream } of opened) {
      const expected = log.all()
        .filter((e) => Number(e.id) > Number(lastEventId) && (who.role !== 'customer' || e.customerId === who.userId))
        .map((e) => e.id);
      await vi.waitFor(() => expect(stream.sink.ids()).toEqual(expected), { timeout: 3000 });
    }
  });
});
