import { z } from 'zod';
import type { Principal } from '../../../application/principal.js';
import type { Order, OrderSnapshot } from '../../../domain/order/order.js';
import { ORDER_STATUSES } from '../../../domain/order/order-status.js';
import { isoDate } from '../schemas.js';

const status = z.enum(ORDER_STATUSES);
const actor = z.object({ id: z.string(), name: z.string(), role: z.enum(['customer', 'staff', 'admin']) });

export const orderSummarySchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  customer: z.object({ id: z.string(), name: z.string() }),
  status,
  items: z.array(z.object({ name: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int() })),
  totalCents: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
  version: z.number().int(),
  allowedTransitions: z.array(status),
  unreadCount: z.number().int(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const orderSchema = orderSummarySchema.extend({
  history: z.array(z.object({ from: status.nullable(), to: status, by: actor, note: z.string().nullable(), at: isoDate })),
});

/**
 * The order as `viewer` sees it: allowedTransitions are the viewer's own moves.
 * unreadCount comes from the chat (0 where the caller has no unread messages).
 */
export function orderSummaryDto(order: Order, viewer: Principal, unreadCount = 0) {
  return summaryOf(order, order.snapshot(), viewer, unreadCount);
}

export function orderDto(order: Order, viewer: Principal, unreadCount = 0) {
  const s = order.snapshot(); // one copy for both parts
  const history = s.history.map((h) => ({ ...h, at: h.at.toISOString() }));
  return { ...summaryOf(order, s, viewer, unreadCount), history };
}

function summaryOf(order: Order, s: OrderSnapshot, viewer: Principal, unreadCount: number) {
  return {
    id: s.id,
    number: s.number,
    customer: s.customer,
    status: s.status,
    items: s.items,
    totalCents: s.totalCents,
    currency: s.currency,
    note: s.note,
    version: s.version,
    allowedTransitions: order.allowedTransitionsFor({ id: viewer.userId, name: viewer.name, role: viewer.role }),
    unreadCount,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** ETag of a single order: its version, as a strong validator. */
export const etagOf = (order: Order) => `"${order.version}"`;
