import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import type { EventLog, EventType } from './event-log.js';

export interface EventLogFixture {
  log: EventLog;
  /** Writes one event the way the store's writers do (own transaction); returns its id. */
  append(type: EventType, orderId: string, customerId: string, payload: unknown, createdAt?: Date): Promise<string>;
}

const HOUR = 3_600_000;
const asBigInt = (id: string) => BigInt(id);

/** The promises of EventLog, run against every implementation. Each setup starts empty. */
export function eventLogContract(name: string, setup: () => Promise<EventLogFixture>) {
  describe(`${name} (EventLog contract)`, () => {
    let log: EventLog;
    let append: EventLogFixture['append'];
    beforeEach(async () => {
      ({ log, append } = await setup());
    });

    const orderId = randomUUID();
    const customerId = randomUUID();

    it('is empty at first: no latest id, nothing to read', async () => {
      expect(await log.latestId()).toBeNull();
      expect(await log.readAfter(null, 10)).toEqual([]);
    });

    it('reads in increasing id order, from the start or after an id, up to the limit', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await append(i % 2 ? 'order.updated' : 'order.created', orderId, customerId, { n: i, s: 'ü <b>' }));
      for (const id of ids) expect(id).toMatch(/^[1-9]\d*$/);
      expect([...ids].sort((a, b) => (asBigInt(a) < asBigInt(b) ? -1 : 1))).toEqual(ids);

      const all = await log.readAfter(null, 100);
      expect(all.map((e) => e.id)).toEqual(ids);
      expect(all[1]).toEqual({ id: ids[1], type: 'order.updated', orderId, customerId, payload: { n: 1, s: 'ü <b>' }, createdAt: expect.any(Date) });
      expect((await log.readAfter(null, 2)).map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect((await log.readAfter(ids[1]!, 2)).map((e) => e.id)).toEqual(ids.slice(2, 4));
      expect((await log.readAfter(ids[3]!, 10)).map((e) => e.id)).toEqual(ids.slice(4));
      expect(await log.readAfter(ids[4]!, 10)).toEqual([]);
      // An id from before the retention window (or from another database) is just a position.
      expect((await log.readAfter('0', 10)).map((e) => e.id)).toEqual(ids);
      expect(await log.readAfter('9223372036854775807', 10)).toEqual([]);
      expect(await log.latestId()).toBe(ids[4]);
    });

    it('keeps growing ids across readers: a new event lands after the latest one', async () => {
      await append('order.created', orderId, customerId, {});
      const latest = (await log.latestId())!;
      const next = await append('message.created', orderId, customerId, { orderId });
      expect(asBigInt(next) > asBigInt(latest)).toBe(true);
      expect(await log.readAfter(latest, 10)).toEqual([expect.objectContaining({ id: next, type: 'message.created', payload: { orderId } })]);
    });

    it('prunes only events created before the cutoff and reports how many', async () => {
      const now = Date.now();
      await append('order.created', orderId, customerId, { old: 1 }, new Date(now - 30 * HOUR));
      await append('order.updated', orderId, customerId, { old: 2 }, new Date(now - 25 * HOUR));
      const kept = [await append('order.updated', orderId, customerId, { fresh: 1 }, new Date(now - 23 * HOUR)), await append('order.updated', orderId, customerId, { fresh: 2 })];
      expect(await log.pruneBefore(new Date(now - 24 * HOUR))).toBe(2);
      expect((await log.readAfter(null, 10)).map((e) => e.id)).toEqual(kept);
      expect(await log.latestId()).toBe(kept[1]);
      expect(await log.pruneBefore(new Date(now - 24 * HOUR))).toBe(0);
    });

    it('refuses an id that is not one with a ValidationError', async () => {
      for (const bad of ['abc', '-1', '1.5', '99999999999999999999', '', "1' OR '1'='1"]) {
        await expect(log.readAfter(bad, 10)).rejects.toBeInstanceOf(ValidationError);
      }
    });
  });
}
