import type { Message, MessageAuthor } from '../../domain/chat/message.js';

export interface NewMessage {
  orderId: string;
  /** The order's customer, recorded on the message.created event for per-caller filtering. */
  customerId: string;
  author: MessageAuthor;
  body: string;
  clientId: string | null;
  createdAt: Date;
}

export interface MessagePageQuery {
  limit: number;
  /** Messages older than this id (paging back). */
  before?: string;
  /** Messages newer than this id (catching up). */
  after?: string;
}

export interface MessagePage {
  /** Oldest first within the page. */
  items: Message[];
  /** Pass as `before` for the next older page; null when there is none. */
  nextCursor: string | null;
}

/**
 * Stores chat messages and read markers. A post is one transaction with its
 * message.created event, so a stored message always has its event.
 */
export interface MessageRepository {
  /**
   * Stores the message (and its event) — unless this author already posted `clientId`
   * on this order, in which case that earlier message comes back with created false and
   * nothing is written. Concurrent retries store one message.
   */
  post(message: NewMessage): Promise<{ message: Message; created: boolean }>;
  /** Without a cursor, the newest `limit` messages; always oldest first within the page. */
  list(orderId: string, query: MessagePageQuery): Promise<MessagePage>;
  /** Whether `messageId` is a message of `orderId`. */
  belongsTo(orderId: string, messageId: string): Promise<boolean>;
  /** Moves the user's read marker on this order forward to `messageId` (never back). */
  markRead(orderId: string, userId: string, messageId: string): Promise<void>;
  /** Messages by others after the user's marker, for several orders in one query. Missing orders count 0. */
  unreadCounts(userId: string, orderIds: string[]): Promise<Map<string, number>>;
  /** The same count on one order for several users in one query (live events fan out per receiver). */
  unreadCountsForUsers(orderId: string, userIds: string[]): Promise<Map<string, number>>;
}
