import { randomUUID } from 'node:crypto';
import type { EventType } from '../../../application/ports/event-log.js';
import type { Principal } from '../../../application/principal.js';
import { Order } from '../../../domain/order/order.js';
import type { Role } from '../../../domain/user/role.js';
import { orderEventPayload } from '../../persistence/event-payloads.js';
import { LiveEventRenderer } from '../event-renderer.js';
import { InProcessEventBus } from '../in-process-event-bus.js';
import { LiveEventHub } from '../live-event-hub.js';
import type { LiveEventHubOptions } from '../live-options.js';
import { SseSink } from './sse-sink.js';
import { TestEventLog } from './test-event-log.js';

export const HOUR = 3_600_000;

export function person(name: string, role: Role): Principal {
  return { userId: randomUUID(), name, email: `${name.toLowerCase()}@example.test`, role };
}

/** A placed order of `customer`. */
export function placedOrder(customer: Principal): Order {
  return Order.place({
    id: randomUUID(),
    customer: { id: customer.userId, name: customer.name },
    items: [{ name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 }],
    placedBy: { id: customer.userId, name: customer.name, role: 'customer' },
    now: new Date('2026-11-28T12:00:00.000Z'),
  });
}

export interface ConnectOptions {
  lastEventId?: string | null;
  expiresAt?: Date;
  stillAuthorized?: () => Promise<boolean>;
  sink?: SseSink;
}

/** A hub on the in-memory log and the in-process bus, with people of every role and an unread-count spy. */
export function makeHub(options: Partial<LiveEventHubOptions> = {}) {
  const log = new TestEventLog();
  const bus = new InProcessEventBus(log);
  const unread = new Map<string, number>();
  const unreadQueries: Array<{ orderId: string; userIds: string[] }> = [];
  const messages = {
    async unreadCountsForUsers(orderId: string, userIds: string[]) {
      unreadQueries.push({ orderId, userIds: [...userIds] });
      return new Map(userIds.map((id) => [id, unread.get(id) ?? 0]));
    },
  };
  const hub = new LiveEventHub({ log, bus, renderer: new LiveEventRenderer(messages) }, options);
  const people = { ann: person('Ann', 'customer'), bob: person('Bob', 'customer'), sam: person('Sam', 'staff'), ada: person('Ada', 'admin') };

  async function connect(principal: Principal, o: ConnectOptions = {}) {
    const sink = o.sink ?? new SseSink();
    const stream = await hub.open({
      principal,
      out: sink,
      expiresAt: o.expiresAt ?? new Date(Date.now() + HOUR),
      stillAuthorized: o.stillAuthorized ?? (async () => true),
    });
    return { stream, sink, done: hub.serve(stream, o.lastEventId ?? null) };
  }

  function orderEvent(order: Order, type: EventType = 'order.created') {
    return log.add({ type, orderId: order.id, customerId: order.customerId, payload: orderEventPayload(order.snapshot()) });
  }

  /** An order event of a fresh order of `customer`. */
  const eventOf = (customer: Principal) => orderEvent(placedOrder(customer));

  return { log, bus, hub, unread, unreadQueries, people, connect, orderEvent, eventOf };
}
