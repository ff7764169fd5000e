import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryEventLog } from '../../src/adapters/persistence/in-memory/in-memory-event-log.js';
import { startEventRetention } from '../../src/server/event-retention.js';

const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('event retention', () => {
  it('prunes right away and then every interval, keeping the retention window', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-28T12:00:00.000Z') });
    const log = new InMemoryEventLog();
    const at = (hoursAgo: number) => log.append('order.created', 'o', 'c', {}, new Date(Date.now() - hoursAgo * HOUR));
    at(49);
    const kept = at(47);
    const retention = startEventRetention(log, { retentionMs: 48 * HOUR, intervalMs: HOUR });
    await vi.advanceTimersByTimeAsync(0);
    expect(log.all().map((e) => e.id)).toEqual([kept.id]);

    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(log.all()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // the 47-hour-old event is now 48 h old, not older
    expect(log.all()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(log.all()).toHaveLength(0);
    await retention.stop();
  });

  it('logs a failed run, keeps going, and stops for good', async () => {
    vi.useFakeTimers();
    const warnings: unknown[] = [];
    let calls = 0;
    const log = { pruneBefore: async () => (++calls === 1 ? Promise.reject(new Error('db down')) : 0) };
    const retention = startEventRetention(log, { retentionMs: HOUR, intervalMs: 1000, logger: { info: () => {}, warn: (o) => warnings.push(o) } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    expect(warnings).toHaveLength(1);
    await retention.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(2);
  });
});
