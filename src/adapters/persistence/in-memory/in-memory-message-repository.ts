import type { MessagePage, MessagePageQuery, MessageRepository, NewMessage } from '../../../application/ports/message-repository.js';
import type { Message } from '../../../domain/chat/message.js';
import { messageCreatedPayload } from '../event-payloads.js';
import { canonicalSerialId, compareSerialIds, parseOptionalSerialId, parseSerialId } from '../serial-id.js';
import { InMemoryEventLog } from './in-memory-event-log.js';

const key = (...parts: string[]) => parts.join('\u0000');

/**
 * Messages in an array (ids 1, 2, 3, ... across all orders, like the bigserial) and read
 * markers in a map. A post appends its message.created event to the shared event log.
 * Same rules as the PostgreSQL store, including the refusal of forged ids.
 */
export class InMemoryMessageRepository implements MessageRepository {
  private readonly messages: Message[] = [];
  private readonly byClientId = new Map<string, Message>();
  private readonly markers = new Map<string, string>();
  private nextId = 1n;

  constructor(readonly eventLog: InMemoryEventLog = new InMemoryEventLog()) {}

  async post(input: NewMessage): Promise<{ message: Message; created: boolean }> {
    // Nothing below awaits, so concurrent identical posts cannot interleave.
    const clientKey = input.clientId === null ? undefined : key(input.orderId, input.author.id, input.clientId);
    const existing = clientKey && this.byClientId.get(clientKey);
    if (existing) return { message: structuredClone(existing), created: false };
    const message: Message = {
      id: (this.nextId++).toString(),
      orderId: input.orderId,
      author: { id: input.author.id, name: input.author.name, role: input.author.role },
      body: input.body,
      clientId: input.clientId,
      createdAt: new Date(input.createdAt),
    };
    this.messages.push(message);
    if (clientKey) this.byClientId.set(clientKey, message);
    this.eventLog.append('message.created', message.orderId, input.customerId, messageCreatedPayload(message));
    return { message: structuredClone(message), created: true };
  }

  /** See SequelizeMessageRepository.list for the paging rules. */
  async list(orderId: string, query: MessagePageQuery): Promise<MessagePage> {
    const before = parseOptionalSerialId(query.before, 'before');
    const after = parseOptionalSerialId(query.after, 'after');
    const inRange = this.messages.filter(
      (m) =>
        m.orderId === orderId &&
        (before === undefined || compareSerialIds(m.id, before) < 0) &&
        (after === undefined || compareSerialIds(m.id, after) > 0),
    ); // oldest first: ids are appended in increasing order
    if (after !== undefined) return { items: structuredClone(inRange.slice(0, query.limit)), nextCursor: null };
    const items = inRange.slice(Math.max(0, inRange.length - query.limit));
    const nextCursor = inRange.length > query.limit ? items[0]!.id : null;
    return { items: structuredClone(items), nextCursor };
  }

  async belongsTo(orderId: string, messageId: string): Promise<boolean> {
    const id = canonicalSerialId(messageId);
    return this.messages.some((m) => m.id === id && m.orderId === orderId);
  }

  async markRead(orderId: string, userId: string, messageId: string): Promise<void> {
    const id = parseSerialId(messageId, 'lastReadMessageId');
    const current = this.markers.get(key(orderId, userId));
    if (current === undefined || compareSerialIds(id, current) > 0) this.markers.set(key(orderId, userId), id);
  }

  async unreadCounts(userId: string, orderIds: string[]): Promise<Map<string, number>> {
    return new Map(orderIds.map((orderId) => [orderId, this.unread(orderId, userId)]));
  }

  async unreadCountsForUsers(orderId: string, userIds: string[]): Promise<Map<string, number>> {
    return new Map(userIds.map((userId) => [userId, this.unread(orderId, userId)]));
  }

  private unread(orderId: string, userId: string): number {
    const marker = this.markers.get(key(orderId, userId)) ?? '0';
    return this.messages.filter((m) => m.orderId === orderId && m.author.id !== userId && compareSerialIds(m.id, marker) > 0).length;
  }
}
