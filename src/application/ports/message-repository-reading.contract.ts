import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { staffActor } from '../../../test/mothers/order-mother.js';
import type { MessageAuthor } from '../../domain/chat/message.js';
import { ValidationError } from '../errors.js';
import type { EventLog } from './event-log.js';
import type { MessageRepository } from './message-repository.js';

export interface ChatOrder {
  id: string;
  customer: MessageAuthor;
}

export interface MessageRepositoryFixture {
  repo: MessageRepository;
  /** The outbox the repository writes its message.created events to. */
  events: EventLog;
  /** Two orders of two different customers that exist in the store. */
  orders: [ChatOrder, ChatOrder];
}

export const staff: MessageAuthor = staffActor;

/** Posts without a client id unless one is given, created now. */
export const poster = (repo: MessageRepository) => (order: ChatOrder, author: MessageAuthor, body = 'hi', clientId: string | null = null) =>
  repo.post({ orderId: order.id, customerId: order.customer.id, author, body, clientId, createdAt: new Date() });

/** Paging, read markers and unread counts (part of messageRepositoryContract). */
export function messageReadingContract(name: string, setup: () => Promise<MessageRepositoryFixture>) {
  describe(`${name} (MessageRepository contract: reading)`, () => {
    let repo: MessageRepository;
    let o1: ChatOrder;
    let o2: ChatOrder;
    let ann: MessageAuthor;
    let post: ReturnType<typeof poster>;
    beforeEach(async () => {
      ({ repo, orders: [o1, o2] } = await setup());
      ann = o1.customer;
      post = poster(repo);
    });
    const postMany = async (n: number, order = o1) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await post(order, i % 3 ? ann : staff, `m${i}`)).message.id);
      return ids;
    };
    const ids = async (query: Parameters<MessageRepository['list']>[1]) => (await repo.list(o1.id, query)).items.map((m) => m.id);

    it('pages 120 messages back with before-cursors: newest page first, each message once, oldest first within a page', async () => {
      const posted = await postMany(120);
      await post(o2, staff, 'another order');
      const pages: string[][] = [];
      let before: string | undefined;
      do {
        const page = await repo.list(o1.id, { limit: 50, before });
        pages.push(page.items.map((m) => m.id));
        before = page.nextCursor ?? undefined;
      } while (before);
      expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
      expect(pages.reverse().flat()).toEqual(posted);
      expect(await repo.list(o1.id, { limit: 120 })).toMatchObject({ nextCursor: null });
      expect(await repo.list(o1.id, { limit: 119 })).toMatchObject({ nextCursor: posted[1] });
      expect(await repo.list(o1.id, { limit: 5, before: posted[0] })).toEqual({ items: [], nextCursor: null });
    });

    it('catches up with after: newer messages, oldest first, up to the limit (nextCursor null)', async () => {
      const posted = await postMany(7);
      expect(await repo.list(o1.id, { limit: 3, after: posted[2] })).toEqual({ items: expect.any(Array), nextCursor: null });
      expect(await ids({ limit: 3, after: posted[2] })).toEqual(posted.slice(3, 6));
      expect(await ids({ limit: 3, after: posted[5] })).toEqual(posted.slice(6));
      expect(await ids({ limit: 3, after: posted[6] })).toEqual([]);
      expect(await ids({ limit: 100, after: '0' })).toEqual(posted);
      expect(await ids({ limit: 100, after: posted[1], before: posted[5] })).toEqual(posted.slice(2, 5));
    });

    it('refuses forged ids with a ValidationError naming the field; unknown orders are empty', async () => {
      const [id] = await postMany(1);
      for (const bad of ['abc', '-1', '1e3', '1.0', ' 1', '99999999999999999999', '']) {
        await expect(repo.list(o1.id, { limit: 5, before: bad })).rejects.toSatisfy(isValidation('before'));
        await expect(repo.list(o1.id, { limit: 5, after: bad })).rejects.toSatisfy(isValidation('after'));
        await expect(repo.markRead(o1.id, ann.id, bad)).rejects.toSatisfy(isValidation('lastReadMessageId'));
        expect(await repo.belongsTo(o1.id, bad)).toBe(false);
      }
      expect(await repo.list(randomUUID(), { limit: 5 })).toEqual({ items: [], nextCursor: null });
      expect(await repo.list('not-a-uuid', { limit: 5 })).toEqual({ items: [], nextCursor: null });
      expect(await repo.belongsTo(o1.id, id!)).toBe(true);
      expect(await repo.belongsTo(o2.id, id!)).toBe(false);
      expect(await repo.belongsTo('not-a-uuid', id!)).toBe(false);
      expect(await repo.belongsTo(o1.id, '9223372036854775807')).toBe(false);
    });

    it('counts messages by others after the read marker, which never moves back', async () => {
      const a1 = (await post(o1, ann, 'mine')).message.id;
      const [s1, s2, s3] = await Promise.all([1, 2, 3].map(async () => (await post(o1, staff, 'staff')).message.id));
      const all = [s1!, s2!, s3!].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await post(o1, ann, 'mine again');
      await post(o2, staff, 'other order');
      const annCount = async () => (await repo.unreadCounts(ann.id, [o1.id])).get(o1.id);
      expect(await repo.unreadCounts(ann.id, [o1.id, o2.id])).toEqual(new Map([[o1.id, 3], [o2.id, 1]]));
      expect(await repo.unreadCounts(staff.id, [o1.id])).toEqual(new Map([[o1.id, 2]]));
      await repo.markRead(o1.id, ann.id, all[1]!);
      expect(await annCount()).toBe(1);
      await repo.markRead(o1.id, ann.id, all[0]!);
      expect(await annCount()).toBe(1);
      await repo.markRead(o1.id, ann.id, all[2]!);
      await repo.markRead(o1.id, ann.id, a1);
      expect(await annCount()).toBe(0);
      expect(await repo.unreadCounts(ann.id, [o2.id])).toEqual(new Map([[o2.id, 1]]));
      await post(o1, staff, 'new');
      expect(await annCount()).toBe(1);
      await repo.markRead(o1.id, staff.id, a1);
      expect(await repo.unreadCounts(staff.id, [o1.id])).toEqual(new Map([[o1.id, 1]]));
    });

    it('counts per order for one user and per user for one order, 0 for unknown ones', async () => {
      const stranger = randomUUID();
      const posted = await postMany(6); // staff wrote 0 and 3, ann the others
      await repo.markRead(o1.id, stranger, posted[1]!);
      expect(await repo.unreadCountsForUsers(o1.id, [ann.id, staff.id, stranger])).toEqual(new Map([[ann.id, 2], [staff.id, 4], [stranger, 4]]));
      expect(await repo.unreadCounts(stranger, [o1.id, o2.id, randomUUID(), 'nope'])).toSatisfy((m: Map<string, number>) => m.get(o1.id) === 4 && m.get(o2.id) === 0 && m.size === 4);
      expect(await repo.unreadCounts(ann.id, [])).toEqual(new Map());
      expect(await repo.unreadCountsForUsers(o2.id, [])).toEqual(new Map());
      expect(await repo.unreadCountsForUsers(o2.id, [ann.id])).toEqual(new Map([[ann.id, 0]]));
    });
  });
}

const isValidation = (path: string) => (err: unknown) =>
  err instanceof ValidationError && err.details?.length === 1 && err.details[0]!.path === path;
