import { describe, expect, it, vi } from 'vitest';
import { eventBusContract } from '../../application/ports/event-bus.contract.js';
import { InProcessEventBus } from './in-process-event-bus.js';
import { InMemoryEventLog } from '../persistence/in-memory/in-memory-event-log.js';

describe('InProcessEventBus', () => {
  eventBusContract(async () => {
    const bus = new InProcessEventBus();
    return { bus, commit: async (id) => bus.publish(id) };
  });

  it('announces what an in-memory event log appends, never inside the append call', async () => {
    const log = new InMemoryEventLog();
    const bus = new InProcessEventBus(log);
    const heard: Array<string | null> = [];
    bus.subscribe((id) => heard.push(id));
    await bus.start();
    await vi.waitFor(() => expect(heard).toEqual([null]));
    const event = log.append('order.created', 'o1', 'c1', {});
    expect(heard).toEqual([null]);
    await vi.waitFor(() => expect(heard).toEqual([null, event.id]));
    await bus.stop();
    log.append('order.created', 'o1', 'c1', {});
    await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual([null, event.id]);
  });
});
