import type { Message } from '../../../domain/chat/message.js';
import type { ActorRole } from '../../../domain/order/order-status.js';

/**
 * The statements of SequelizeMessageRepository (tables: migrations/*-create-messages.ts).
 * Plain SQL rather than models: ON CONFLICT ... DO NOTHING RETURNING, GREATEST upserts and
 * the grouped unread counts are not expressible through Model methods. Ids are bound as
 * text and cast, so a bigint never passes through a JS number.
 */

/** A messages row as pg returns it (bigint as a string, timestamptz as a Date). */
export interface MessageRow {
  id: string;
  order_id: string;
  author_id: string;
  author_name: string;
  author_role: ActorRole;
  body: string;
  client_id: string | null;
  created_at: Date;
}

export const toMessage = (row: MessageRow): Message => ({
  id: String(row.id),
  orderId: row.order_id,
  author: { id: row.author_id, name: row.author_name, role: row.author_role },
  body: row.body,
  clientId: row.client_id,
  createdAt: row.created_at,
});

// The unique constraint (order_id, author_id, client_id) is the conflict target: a retry
// by the same author waits for the first insert to commit, then inserts nothing. NULL
// client ids never conflict.
export const INSERT_MESSAGE = `INSERT INTO messages (order_id, author_id, author_name, author_role, body, client_id, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (order_id, author_id, client_id) DO NOTHING
  RETURNING *`;

export const FIND_BY_CLIENT_ID = `SELECT * FROM messages WHERE order_id = $1 AND author_id = $2 AND client_id = $3`;

// customer_id comes from the order row itself, not from the caller: it decides who may see
// the event. Must stay the LAST statement of the post transaction (see the events-commit-order
// migration: this insert takes the lock that serialises event commits).
export const INSERT_EVENT = `INSERT INTO events (type, order_id, customer_id, payload)
  SELECT 'message.created', o.id, o.customer_id, $2::jsonb FROM orders o WHERE o.id = $1`;

export const BELONGS_TO = 'SELECT 1 AS found FROM messages WHERE id = $1::bigint AND order_id = $2';

export const MARK_READ = `INSERT INTO message_reads (order_id, user_id, last_read_message_id) VALUES ($1, $2, $3::bigint)
  ON CONFLICT (order_id, user_id) DO UPDATE
  SET last_read_message_id = GREATEST(message_reads.last_read_message_id, EXCLUDED.last_read_message_id)`;

// Messages by others after the user's marker (0 without one), every order in one statement.
export const UNREAD_PER_ORDER = `SELECT m.order_id::text AS key, count(*)::int AS unread
  FROM messages m
  LEFT JOIN message_reads r ON r.order_id = m.order_id AND r.user_id = $1
  WHERE m.order_id = ANY($2::uuid[]) AND m.author_id <> $1 AND m.id > coalesce(r.last_read_message_id, 0)
  GROUP BY m.order_id`;

// The same for several users on one order: one row per user who has anything unread.
export const UNREAD_PER_USER = `SELECT u.user_id::text AS key, count(*)::int AS unread
  FROM unnest($2::uuid[]) AS u (user_id)
  LEFT JOIN message_reads r ON r.order_id = $1 AND r.user_id = u.user_id
  JOIN messages m ON m.order_id = $1 AND m.author_id <> u.user_id AND m.id > coalesce(r.last_read_message_id, 0)
  GROUP BY u.user_id`;
