import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { MessagePage, MessagePageQuery, MessageRepository, NewMessage } from '../../../application/ports/message-repository.js';
import type { Message } from '../../../domain/chat/message.js';
import { messageCreatedPayload } from '../event-payloads.js';
import { canonicalSerialId, isUuid, parseOptionalSerialId, parseSerialId } from '../serial-id.js';
import {
  BELONGS_TO, FIND_BY_CLIENT_ID, INSERT_EVENT, INSERT_MESSAGE, MARK_READ, UNREAD_PER_ORDER, UNREAD_PER_USER, toMessage,
  type MessageRow,
} from './message-sql.js';

export class SequelizeMessageRepository implements MessageRepository {
  constructor(private readonly sequelize: Sequelize) {}

  async post(input: NewMessage): Promise<{ message: Message; created: boolean }> {
    return this.sequelize.transaction(async (transaction) => {
      const { author } = input;
      const [inserted] = await this.select<MessageRow>(
        INSERT_MESSAGE,
        [input.orderId, author.id, author.name, author.role, input.body, input.clientId, input.createdAt],
        transaction,
      );
      if (!inserted) {
        // A retry: the conflicting insert has committed (ON CONFLICT waited for it), so a new
        // statement sees it. Nothing was written, so no event either.
        const [existing] = await this.select<MessageRow>(FIND_BY_CLIENT_ID, [input.orderId, author.id, input.clientId], transaction);
        if (!existing) throw new Error('message vanished between its conflict and its lookup');
        return { message: toMessage(existing), created: false };
      }
      const message = toMessage(inserted);
      // LAST statement of the transaction: see the events-commit-order migration.
      await this.sequelize.query(INSERT_EVENT, {
        bind: [message.orderId, JSON.stringify(messageCreatedPayload(message))],
        transaction,
      });
      return { message, created: true };
    });
  }

  /**
   * One statement per page. Without `after`: the newest `limit` messages (below `before`
   * when given), and nextCursor = the oldest of them when older ones exist. With `after`
   * (catching up): the oldest `limit` messages newer than it (and below `before` when both
   * are given), and nextCursor is always null, because nextCursor means "pass as before"
   * and the caller already has everything older. A full page means there may be more:
   * continue with after = the newest id received.
   */
  async list(orderId: string, query: MessagePageQuery): Promise<MessagePage> {
    const before = parseOptionalSerialId(query.before, 'before');
    const after = parseOptionalSerialId(query.after, 'after');
    if (!isUuid(orderId)) return { items: [], nextCursor: null };
    const bind: unknown[] = [orderId];
    const conditions = ['order_id = $1'];
    if (before !== undefined) conditions.push(`id < $${bind.push(before)}::bigint`);
    if (after !== undefined) conditions.push(`id > $${bind.push(after)}::bigint`);
    const newestFirst = after === undefined;
    const fetch = newestFirst ? query.limit + 1 : query.limit; // one extra: are there older ones?
    const rows = await this.select<MessageRow>(
      `SELECT * FROM messages WHERE ${conditions.join(' AND ')} ORDER BY id ${newestFirst ? 'DESC' : 'ASC'} LIMIT $${bind.push(fetch)}`,
      bind,
    );
    if (!newestFirst) return { items: rows.map(toMessage), nextCursor: null };
    const items = rows.slice(0, query.limit).reverse().map(toMessage);
    return { items, nextCursor: rows.length > query.limit && items[0] ? items[0].id : null };
  }

  async belongsTo(orderId: string, messageId: string): Promise<boolean> {
    const id = canonicalSerialId(messageId);
    if (id === undefined || !isUuid(orderId)) return false;
    return (await this.select(BELONGS_TO, [id, orderId])).length > 0;
  }

  async markRead(orderId: string, userId: string, messageId: string): Promise<void> {
    const id = parseSerialId(messageId, 'lastReadMessageId');
    if (!isUuid(orderId) || !isUuid(userId)) return; // no such order or user: nothing to mark
    await this.sequelize.query(MARK_READ, { bind: [orderId, userId, id] });
  }

  async unreadCounts(userId: string, orderIds: string[]): Promise<Map<string, number>> {
    const valid = isUuid(userId) ? orderIds.filter(isUuid) : [];
    return this.counts(UNREAD_PER_ORDER, userId, valid, orderIds);
  }

  async unreadCountsForUsers(orderId: string, userIds: string[]): Promise<Map<string, number>> {
    const valid = isUuid(orderId) ? userIds.filter(isUuid) : [];
    return this.counts(UNREAD_PER_USER, orderId, valid, userIds);
  }

  /** Runs one grouped count (none when there is nothing valid to ask) and reports 0 for the rest. */
  private async counts(sql: string, fixed: string, valid: string[], requested: string[]): Promise<Map<string, number>> {
    const rows = valid.length === 0 ? [] : await this.select<{ key: string; unread: number }>(sql, [fixed, valid]);
    const found = new Map(rows.map((r) => [r.key, Number(r.unread)]));
    return new Map(requested.map((key) => [key, found.get(key.toLowerCase()) ?? 0]));
  }

  private select<T extends object>(sql: string, bind: unknown[], transaction?: Transaction): Promise<T[]> {
    return this.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction });
  }
}
