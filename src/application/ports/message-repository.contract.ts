import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageAuthor } from '../../domain/chat/message.js';
import type { EventLog } from './event-log.js';
import { messageReadingContract, poster, staff, type ChatOrder, type MessageRepositoryFixture } from './message-repository-reading.contract.js';
import type { MessageRepository } from './message-repository.js';

export type { ChatOrder, MessageRepositoryFixture } from './message-repository-reading.contract.js';

/** The promises of MessageRepository, run against every implementation. Each setup starts empty. */
export function messageRepositoryContract(name: string, setup: () => Promise<MessageRepositoryFixture>) {
  describe(`${name} (MessageRepository contract: posting)`, () => {
    let repo: MessageRepository;
    let events: EventLog;
    let o1: ChatOrder;
    let o2: ChatOrder;
    let ann: MessageAuthor;
    let post: ReturnType<typeof poster>;
    beforeEach(async () => {
      ({ repo, events, orders: [o1, o2] } = await setup());
      ann = o1.customer;
      post = poster(repo);
    });
    const messageEvents = async () => (await events.readAfter(null, 1000)).filter((e) => e.type === 'message.created');

    it('stores bodies verbatim and returns the message with a numeric string id', async () => {
      const bodies = ['<img src=x onerror=alert(1)>', '  leading and trailing  ', '👋🏽 café — ✓\n\tsecond line', "'; DROP TABLE messages; --"];
      const stored = [];
      for (const body of bodies) {
        const at = new Date();
        const { message, created } = await repo.post({ orderId: o1.id, customerId: ann.id, author: ann, body, clientId: null, createdAt: at });
        expect(created).toBe(true);
        expect(message).toEqual({ id: expect.stringMatching(/^[1-9]\d*$/), orderId: o1.id, author: ann, body, clientId: null, createdAt: at });
        stored.push(message);
      }
      const ids = stored.map((m) => BigInt(m.id));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      expect((await repo.list(o1.id, { limit: 50 })).items).toEqual(stored);
    });

    it('recognises a retry by the same author on the same order with the same clientId, and only that', async () => {
      const first = await post(o1, ann, 'hello', 'c-1');
      expect(await post(o1, ann, 'hello (edited)', 'c-1')).toEqual({ message: first.message, created: false });
      const byStaff = await post(o1, staff, 'hello', 'c-1');
      const onOtherOrder = await post(o2, ann, 'hello', 'c-1');
      const plain = [await post(o1, ann, 'hello'), await post(o1, ann, 'hello')];
      for (const other of [byStaff, onOtherOrder, ...plain]) {
        expect(other.created).toBe(true);
        expect(other.message.id).not.toBe(first.message.id);
      }
      expect((await repo.list(o1.id, { limit: 50 })).items.map((m) => m.id)).toEqual([first, byStaff, ...plain].map((r) => r.message.id));
      expect((await repo.list(o2.id, { limit: 50 })).items).toEqual([onOtherOrder.message]);
    });

    it('stores one message and one event for 10 concurrent identical posts', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => post(o1, ann, 'only once', 'retry-me')));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(new Set(results.map((r) => r.message.body))).toEqual(new Set(['only once']));
      expect((await repo.list(o1.id, { limit: 50 })).items).toHaveLength(1);
      expect(await messageEvents()).toHaveLength(1);
    });

    it('writes exactly one message.created event per post, for the order customer, and none for a duplicate', async () => {
      const { message } = await post(o2, staff, ' <b>hi</b> ', 'x');
      await post(o2, staff, 'again', 'x');
      const second = await post(o2, staff, 'second');
      const [event, ...rest] = await messageEvents();
      expect(event).toEqual({
        id: expect.stringMatching(/^\d+$/),
        type: 'message.created',
        orderId: o2.id,
        customerId: o2.customer.id,
        createdAt: expect.any(Date),
        payload: {
          orderId: o2.id,
          message: { id: message.id, orderId: o2.id, author: staff, body: ' <b>hi</b> ', clientId: 'x', createdAt: message.createdAt.toISOString() },
        },
      });
      expect(rest.map((e) => (e.payload as { message: { id: string } }).message.id)).toEqual([second.message.id]);
    });
  });

  messageReadingContract(name, setup);
}
