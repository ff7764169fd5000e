import type { HistoryEntry, OrderItem, OrderSnapshot } from '../../../domain/order/order.js';
import type { InferAttributes } from 'sequelize';
import type { OrderHistoryModel, OrderItemModel, OrderModel } from './order.models.js';

export type OrderRow = InferAttributes<OrderModel>;
export type ItemRow = InferAttributes<OrderItemModel>;
export type HistoryRow = Omit<InferAttributes<OrderHistoryModel>, 'id'>;

/** An OrderSnapshot after a JSON round trip (idempotency_keys.response). */
export type SnapshotJson = Omit<OrderSnapshot, 'createdAt' | 'updatedAt' | 'history'> & {
  createdAt: string;
  updatedAt: string;
  history: (Omit<HistoryEntry, 'at'> & { at: string })[];
};

// Correlated subqueries for OrderModel.findOne: the items and history as JSON arrays whose
// keys are the row types' attribute names.
export const ITEMS_JSON = `(SELECT coalesce(json_agg(json_build_object('orderId', i.order_id, 'position', i.position,
  'name', i.name, 'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents) ORDER BY i.position), '[]')
  FROM order_items i WHERE i.order_id = "OrderModel".id)`;
export const HISTORY_JSON = `(SELECT coalesce(json_agg(json_build_object('orderId', h.order_id, 'fromStatus', h.from_status,
  'toStatus', h.to_status, 'actorId', h.actor_id, 'actorName', h.actor_name, 'actorRole', h.actor_role,
  'note', h.note, 'at', h.at) ORDER BY h.id), '[]')
  FROM order_status_history h WHERE h.order_id = "OrderModel".id)`;
export type OrderWithJson = OrderRow & { items: ItemRow[]; history: (Omit<HistoryRow, 'at'> & { at: string })[] };

/** pg returns bigint as a string; order numbers and totals stay far below 2^53. */
const toNumber = (value: number | string) => (typeof value === 'number' ? value : Number(value));

export function toSnapshot(row: OrderRow, items: ItemRow[], history: HistoryRow[]): OrderSnapshot {
  return {
    id: row.id,
    number: toNumber(row.number),
    customer: { id: row.customerId, name: row.customerName },
    status: row.status,
    items: items.map(({ name, quantity, unitPriceCents }): OrderItem => ({ name, quantity, unitPriceCents })),
    totalCents: toNumber(row.totalCents),
    currency: row.currency,
    note: row.note,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    history: history.map(
      (h): HistoryEntry => ({
        from: h.fromStatus,
        to: h.toStatus,
        by: { id: h.actorId, name: h.actorName, role: h.actorRole },
        note: h.note,
        at: h.at,
      }),
    ),
  };
}

export const fromOrderWithJson = (row: OrderWithJson): OrderSnapshot =>
  toSnapshot(row, row.items, row.history.map((h) => ({ ...h, at: new Date(h.at) })));

/** The orders row of a snapshot; `number` is left to the sequence default. */
export function toOrderRow(s: OrderSnapshot): Omit<OrderRow, 'number'> {
  return {
    id: s.id,
    customerId: s.customer.id,
    customerName: s.customer.name,
    status: s.status,
    totalCents: s.totalCents,
    currency: s.currency,
    note: s.note,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export const toItemRows = (s: OrderSnapshot): ItemRow[] => s.items.map((item, position) => ({ orderId: s.id, position, ...item }));

export const toHistoryRow = (orderId: string, h: HistoryEntry): HistoryRow => ({
  orderId,
  fromStatus: h.from,
  toStatus: h.to,
  actorId: h.by.id,
  actorName: h.by.name,
  actorRole: h.by.role,
  note: h.note,
  at: h.at,
});

/** Event payload: the order without its history (JSONB turns the dates into ISO strings). */
export function toEventPayload(s: OrderSnapshot): Omit<OrderSnapshot, 'history'> {
  const { history: _history, ...rest } = s;
  return rest;
}

/** A snapshot stored as JSON (idempotency_keys.response) with its Date fields restored. */
export function reviveSnapshot(json: SnapshotJson): OrderSnapshot {
  return {
    ...json,
    createdAt: new Date(json.createdAt),
    updatedAt: new Date(json.updatedAt),
    history: json.history.map((h) => ({ ...h, at: new Date(h.at) })),
  };
}
