import type { HistoryEntry, OrderItem, OrderSnapshot } from '../../../domain/order/order.js';
import type { ActorRole, OrderStatus } from '../../../domain/order/order-status.js';
import type { PreparedStatement } from './prepared-statements.js';

/**
 * The order reads as plain SQL (tables: migrations/*-create-orders.ts), run as prepared
 * statements (prepared-statements.ts). Each read is ONE statement: the order row, its items
 * and history as JSON arrays from correlated subqueries, and, for views, the viewer's
 * unread count, so all of it comes from the same snapshot in one round trip.
 */

const COLUMNS = `o.id, o.number, o.customer_id, o.customer_name, o.status, o.total_cents, o.currency, o.note, o.version,
  o.created_at, o.updated_at`;

const ITEMS = `(SELECT coalesce(json_agg(json_build_object('name', i.name, 'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents)
    ORDER BY i.position), '[]'::json) FROM order_items i WHERE i.order_id = o.id) AS items`;

const HISTORY = `(SELECT coalesce(json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'actorId', h.actor_id,
    'actorName', h.actor_name, 'actorRole', h.actor_role, 'note', h.note, 'at', h.at) ORDER BY h.id), '[]'::json)
    FROM order_status_history h WHERE h.order_id = o.id) AS history`;

/** Messages by others after the viewer's read marker (0 without one), like UNREAD_PER_ORDER in message-sql.ts; a NULL viewer counts 0. */
const unread = (viewer: string) => `(SELECT count(*)::int FROM messages m
    WHERE m.order_id = o.id AND m.author_id <> ${viewer}
      AND m.id > coalesce((SELECT r.last_read_message_id FROM message_reads r WHERE r.order_id = o.id AND r.user_id = ${viewer}), 0)
  ) AS unread_count`;

/** $1 order id, $2 customer scope or NULL. */
export const ORDER_BY_ID: PreparedStatement = {
  name: 'orderly_order_by_id',
  text: `SELECT ${COLUMNS}, ${ITEMS}, ${HISTORY} FROM orders o
    WHERE o.id = $1::uuid AND ($2::uuid IS NULL OR o.customer_id = $2::uuid)`,
};

/**
 * Several views at once (ReadBatcher): row i of the arrays is one lookup ($1 order ids, $2
 * customer scopes or NULL, $3 viewers or NULL), answered by the row whose `n` is i + 1 (none:
 * missing or out of scope). Each lookup is its own LIMIT 1 subquery, so the planner keeps a
 * primary-key lookup per row whatever it guesses about the arrays' length; the statement is
 * one snapshot for all of them.
 */
export const ORDER_VIEWS_BY_IDS: PreparedStatement = {
  name: 'orderly_order_views_by_ids',
  text: `SELECT q.n, v.* FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS q (id, scope, viewer, n)
    CROSS JOIN LATERAL (
      SELECT ${COLUMNS}, ${ITEMS}, ${HISTORY}, ${unread('q.viewer')} FROM orders o
      WHERE o.id = q.id AND (q.scope IS NULL OR o.customer_id = q.scope)
      LIMIT 1
    ) v`,
};

/**
 * A status move in ONE statement, hence one transaction that commits as soon as the
 * statement ends: the update, conditional on the version read (SECURITY 14: the row lock
 * makes concurrent movers wait, and all but the first then match no row), its history entry
 * and its order.updated event. Both inserts take their row from the update, so a lost race
 * writes nothing and takes no event lock. The event insert needs the updated row, so it
 * runs after the update has its row lock, and nothing waits after it (the events-commit-order
 * migration's rule for writers); the commit follows without another round trip.
 * $1 id, $2 expected version, $3 status, $4 version, $5 updated_at, $6..$12 the history
 * entry, $13 the event payload. Returns one row when the move was stored, none otherwise.
 */
export const MOVE_ORDER: PreparedStatement = {
  name: 'orderly_order_move',
  text: `WITH moved AS (
      UPDATE orders SET status = $3::text, version = $4::int, updated_at = $5::timestamptz
      WHERE id = $1::uuid AND version = $2::int
      RETURNING id, customer_id
    ), history AS (
      INSERT INTO order_status_history (order_id, from_status, to_status, actor_id, actor_name, actor_role, note, at)
      SELECT id, $6::text, $7::text, $8::uuid, $9::text, $10::text, $11::text, $12::timestamptz FROM moved
    ), event AS (
      INSERT INTO events (type, order_id, customer_id, payload)
      SELECT 'order.updated', id, customer_id, $13::jsonb FROM moved
    )
    SELECT id FROM moved`,
};

export interface PageFilter {
  customerId?: string;
  status?: OrderStatus;
  after?: { at: Date; id: string };
}

/**
 * One page, newest first, without history; with `withUnread`, each row with the viewer's
 * unread count. Each combination of filters is its own statement (a generic plan of
 * `$n IS NULL OR ...` would give up the keyset index), so there are at most 16 of them.
 * The keyset condition is a row comparison, an index condition: a deep page starts right
 * at the cursor instead of filtering every newer row.
 * Binds: the limit, then the viewer (with `withUnread`), then the filters present.
 */
export function orderPage(filter: PageFilter, limit: number, viewerId: string | null | undefined): { statement: PreparedStatement; values: unknown[] } {
  const values: unknown[] = [limit];
  const param = (value: unknown, type: string) => `$${values.push(value)}::${type}`;
  const withUnread = viewerId !== undefined;
  const viewer = withUnread ? param(viewerId, 'uuid') : '';
  const conditions: string[] = [];
  if (filter.customerId !== undefined) conditions.push(`o.customer_id = ${param(filter.customerId, 'uuid')}`);
  if (filter.status !== undefined) conditions.push(`o.status = ${param(filter.status, 'text')}`);
  if (filter.after) conditions.push(`(o.created_at, o.id) < (${param(filter.after.at, 'timestamptz')}, ${param(filter.after.id, 'uuid')})`);
  const key = [withUnread, filter.customerId !== undefined, filter.status !== undefined, !!filter.after].map((b) => (b ? 1 : 0)).join('');
  const text = `SELECT ${COLUMNS}, ${ITEMS}${withUnread ? `, ${unread(viewer)}` : ''} FROM orders o
    ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
    ORDER BY o.created_at DESC, o.id DESC LIMIT $1::int`;
  return { statement: { name: `orderly_order_page_${key}`, text }, values };
}

/** A row of the statements above as pg returns it (bigint as a string, JSON parsed, timestamptz as a Date). */
export interface OrderReadRow {
  id: string;
  number: string | number;
  customer_id: string;
  customer_name: string;
  status: OrderStatus;
  total_cents: string | number;
  currency: string;
  note: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  items: OrderItem[];
  history?: Array<{ from: OrderStatus | null; to: OrderStatus; actorId: string; actorName: string; actorRole: ActorRole; note: string | null; at: string }>;
  unread_count?: number;
  /** ORDER_VIEWS_BY_IDS: which lookup the row answers (1-based; bigint as a string). */
  n?: string | number;
}

/** pg returns bigint as a string; order numbers and totals stay far below 2^53. */
const toNumber = (value: number | string) => (typeof value === 'number' ? value : Number(value));

export function snapshotOf(row: OrderReadRow): OrderSnapshot {
  return {
    id: row.id,
    number: toNumber(row.number),
    customer: { id: row.customer_id, name: row.customer_name },
    status: row.status,
    items: row.items.map(({ name, quantity, unitPriceCents }) => ({ name, quantity, unitPriceCents })),
    totalCents: toNumber(row.total_cents),
    currency: row.currency,
    note: row.note,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history: (row.history ?? []).map(
      (h): HistoryEntry => ({ from: h.from, to: h.to, by: { id: h.actorId, name: h.actorName, role: h.actorRole }, note: h.note, at: new Date(h.at) }),
    ),
  };
}
