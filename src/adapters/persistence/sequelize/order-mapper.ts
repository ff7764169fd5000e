import type { HistoryEntry, OrderSnapshot } from '../../../domain/order/order.js';
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
