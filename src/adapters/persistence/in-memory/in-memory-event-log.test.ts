import { afterEach, describe, expect, it, vi } from 'vitest';
import { anOrder, staffActor } from '../../../../test/mothers/order-mother.js';
import { eventLogContract } from '../../../application/ports/event-log.contract.js';
import type { StoredEvent } from '../../../application/ports/event-log.js';
import { InMemoryEventLog } from './in-memory-event-log.js';
import { InMemoryMessageRepository } from './in-memory-message-repository.js';
import { InMemoryOrderRepository } from './in-memory-order-repository.js';

eventLogContract('InMemoryEventLog', async () => {
  const log = new InMemoryEventLog();
  return { log, append: async (type, orderId, customerId, payload, createdAt) => log.append(type, orderId, customerId, payload, createdAt).id };
});

describe('InMemoryEventLog', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('calls each listener right after an append, until it unsubscribes', () => {
    const log = new InMemoryEventLog();
    const heard: StoredEvent[] = [];
    const stop = log.onAppend((event) => heard.push(event));
    const first = log.append('order.created', 'o', 'c', { a: 1 });
    expect(heard).toEqual([first]);
    stop();
    log.append('order.updated', 'o', 'c', {});
    expect(heard).toHaveLength(1);
  });

  it('keeps the event and the other listeners when a listener throws, and rethrows asynchronously', () => {
    const deferred: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => deferred.push(task));
    const log = new InMemoryEventLog();
    const heard: string[] = [];
    log.onAppend(() => {
      throw new Error('listener broke');
    });
    log.onAppend((event) => heard.push(event.id));
    const event = log.append('order.created', 'o', 'c', {});
    expect(heard).toEqual([event.id]);
    expect(log.all().map((e) => e.id)).toEqual([event.id]);
    expect(deferred).toHaveLength(1);
    expect(() => deferred[0]!()).toThrow('listener broke');
  });

  it('hands out copies: changing what was read or appended changes nothing stored', async () => {
    const log = new InMemoryEventLog();
    const payload = { nested: { n: 1 } };
    log.append('order.created', 'o', 'c', payload);
    payload.nested.n = 2;
    const [read] = await log.readAfter(null, 1);
    (read!.payload as typeof payload).nested.n = 3;
    expect((await log.readAfter(null, 1))[0]!.payload).toEqual({ nested: { n: 1 } });
  });

  it('collects the order and message events of the stores that share it, with the PostgreSQL payloads', async () => {
    const log = new InMemoryEventLog();
    const orders = new InMemoryOrderRepository(log);
    const messages = new InMemoryMessageRepository(log);
    const ann = { id: '11111111-0000-4000-8000-000000000001', name: 'Ann' };
    const order = await orders.insert(anOrder(ann));
    const { message } = await messages.post({ orderId: order.id, customerId: ann.id, author: { ...ann, role: 'customer' }, body: 'hi', clientId: null, createdAt: new Date() });
    const moved = (await orders.findById(order.id))!;
    await orders.saveStatusChange(moved, moved.changeStatus('confirmed', staffActor, null, new Date()), 0);

    const { history: _history, ...snapshot } = order.snapshot();
    const events = await log.readAfter(null, 10);
    expect(events.map((e) => [e.id, e.type, e.orderId, e.customerId])).toEqual([
      ['1', 'order.created', order.id, ann.id],
      ['2', 'message.created', order.id, ann.id],
      ['3', 'order.updated', order.id, ann.id],
    ]);
    expect(events[0]!.payload).toEqual({ ...snapshot, createdAt: snapshot.createdAt.toISOString(), updatedAt: snapshot.updatedAt.toISOString() });
    expect(events[1]!.payload).toEqual({ orderId: order.id, message: { ...message, createdAt: message.createdAt.toISOString() } });
    expect(events[2]!.payload).toMatchObject({ status: 'confirmed', version: 1 });
    expect(events[2]!.payload).not.toHaveProperty('history');
    // The repository's own short record still works as before.
    expect(orders.events).toEqual([{ type: 'order.created', orderId: order.id }, { type: 'order.updated', orderId: order.id }]);
  });
});
