import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { EventBus } from './event-log.js';

export interface EventBusHarness {
  bus: EventBus;
  /** Announces `id` the way a committed event does (in-process: publish; PostgreSQL: NOTIFY). */
  commit(id: string): Promise<void>;
  dispose?(): Promise<void>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

function listen(bus: EventBus) {
  const heard: Array<string | null> = [];
  const unsubscribe = bus.subscribe((id) => heard.push(id));
  return { heard, unsubscribe, ids: () => heard.filter((id) => id !== null) };
}

/** What every EventBus promises the LiveEventHub (docs: application/ports/event-log.ts). */
export function eventBusContract(setup: () => Promise<EventBusHarness>) {
  let h: EventBusHarness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    await h.bus.stop();
    await h.dispose?.();
  });

  it('says "catch up" (null) once started, before any id', async () => {
    const a = listen(h.bus);
    await h.bus.start();
    await vi.waitFor(() => expect(a.heard).toContain(null));
    await h.commit('7');
    await vi.waitFor(() => expect(a.ids()).toEqual(['7']));
    expect(a.heard.indexOf(null)).toBeLessThan(a.heard.indexOf('7'));
  });

  it('delivers every committed id to every subscriber, in commit order', async () => {
    const a = listen(h.bus);
    const b = listen(h.bus);
    await h.bus.start();
    const ids = Array.from({ length: 20 }, (_, i) => String(i + 1));
    for (const id of ids) await h.commit(id);
    await vi.waitFor(() => expect(a.ids()).toEqual(ids));
    await vi.waitFor(() => expect(b.ids()).toEqual(ids));
  });

  it('stops calling a listener once it unsubscribes', async () => {
    const a = listen(h.bus);
    const b = listen(h.bus);
    await h.bus.start();
    a.unsubscribe();
    await h.commit('1');
    await vi.waitFor(() => expect(b.ids()).toEqual(['1']));
    expect(a.ids()).toEqual([]);
  });

  it('keeps delivering to the others when one listener throws', async () => {
    h.bus.subscribe(() => {
      throw new Error('listener bug');
    });
    const b = listen(h.bus);
    await h.bus.start();
    await h.commit('1');
    await h.commit('2');
    await vi.waitFor(() => expect(b.ids()).toEqual(['1', '2']));
  });

  it('delivers nothing after stop(), which may be called twice', async () => {
    const a = listen(h.bus);
    await h.bus.start();
    await h.commit('1');
    await vi.waitFor(() => expect(a.ids()).toEqual(['1']));
    await h.bus.stop();
    await h.bus.stop();
    await h.commit('2');
    await settle();
    expect(a.ids()).toEqual(['1']);
  });
}
