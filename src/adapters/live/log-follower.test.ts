import { describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../application/ports/event-log.js';
import { InProcessEventBus } from './in-process-event-bus.js';
import { LogFollower } from './log-follower.js';
import { TestEventLog } from './testing/test-event-log.js';

const append = (log: TestEventLog) => log.add({ type: 'order.created', orderId: 'o', customerId: 'c', payload: {} });

describe('LogFollower', () => {
  it('starts after the newest event and hands over each later one once, in order, reading one batch at a time', async () => {
    const log = new TestEventLog();
    append(log);
    let inFlight = 0;
    let maxInFlight = 0;
    log.beforeRead = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
    };
    const handled: StoredEvent[] = [];
    const follower = new LogFollower(log, new InProcessEventBus(log), async (e) => void handled.push(e), { batchSize: 7, readRetryMs: 10 });
    await follower.start();
    const appended = Array.from({ length: 100 }, () => append(log).id);
    await vi.waitFor(() => expect(handled.map((e) => e.id)).toEqual(appended));
    expect(maxInFlight).toBe(1);
    expect(log.reads).toBeLessThan(50); // 100 signals coalesced into a few reads of up to 7
    await follower.stop();
  });

  it('reads an event again when handling it failed, so it is not lost', async () => {
    const log = new TestEventLog();
    let failures = 1;
    const handled: string[] = [];
    const follower = new LogFollower(log, new InProcessEventBus(log), async (e) => {
      if (failures-- > 0) throw new Error('unread counts query failed');
      handled.push(e.id);
    }, { batchSize: 10, readRetryMs: 10 });
    await follower.start();
    const ids = [append(log).id, append(log).id];
    await vi.waitFor(() => expect(handled).toEqual(ids));
    await follower.stop();
  });
});
