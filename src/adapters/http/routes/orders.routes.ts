import type { Context } from 'koa';
import { z } from 'zod';
import type { OrderUseCases } from '../../../application/orders/order-use-cases.js';
import { ORDER_LIMITS as L } from '../../../domain/order/order-limits.js';
import { ORDER_STATUSES } from '../../../domain/order/order-status.js';
import { HttpError } from '../http-error.js';
import { protectedRoute, type RouteSpec } from '../route.js';
import { limit, noNul, text, uuidParam } from '../schemas.js';
import { etagOf, orderDto, orderSchema, orderSummaryDto, orderSummarySchema } from './order-presenter.js';

const tags = ['Orders'];
const item = z.strictObject({
  name: text(1, L.itemNameMax),
  quantity: z.number().int().min(L.minQuantity).max(L.maxQuantity),
  unitPriceCents: z.number().int().min(0).max(L.maxUnitPriceCents),
});
const note = z.string().max(L.noteMax, `must be at most ${L.noteMax} characters`).refine(noNul, 'must not contain NUL characters');
const placeBody = z.strictObject({
  items: z.array(item).min(L.minItems, `must have at least ${L.minItems} item`).max(L.maxItems, `must have at most ${L.maxItems} items`),
  note: note.nullable().optional(),
  customerId: z.uuid().optional(),
});
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function idempotencyKey(ctx: Context): string | undefined {
  const key = ctx.get('Idempotency-Key');
  if (key === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new HttpError(422, 'validation_failed', 'The Idempotency-Key header is invalid.', [{ path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return key;
}

/** `If-Match: "3"` → 3; absent or `*` → no precondition; anything else can never match. */
function expectedVersion(ctx: Context): number | undefined {
  const header = ctx.get('If-Match').trim();
  if (header === '' || header === '*') return undefined;
  const match = /^"(\d{1,9})"$/.exec(header);
  return match ? Number(match[1]) : -1;
}

export function orderRoutes(uc: OrderUseCases): RouteSpec[] {
  return [
    protectedRoute({
      method: 'post', path: '/api/orders', summary: 'Place an order', tags,
      body: placeBody,
      responses: { 201: { description: 'Placed (or replayed for a repeated Idempotency-Key).', schema: orderSchema, headers: { ETag: 'The order version' } } },
      handler: async ({ principal, body, ctx }) => {
        const { order } = await uc.placeOrder.execute(principal, { ...body, idempotencyKey: idempotencyKey(ctx) });
        return { status: 201, body: orderDto(order, principal), headers: { ETag: etagOf(order), Location: `/api/orders/${order.id}` } };
      },
    }),
    protectedRoute({
      method: 'get', path: '/api/orders', summary: 'List orders, newest first (customers see their own)', tags,
      query: z.strictObject({ status: z.enum(ORDER_STATUSES).optional(), cursor: z.string().max(200).optional(), limit: limit(100, 20) }),
      responses: { 200: { description: 'A page of orders.', schema: z.object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() }) } },
      handler: async ({ principal, query }) => {
        const page = await uc.listOrders.execute(principal, query);
        return { status: 200, body: { items: page.items.map((v) => orderSummaryDto(v.order, principal, v.unreadCount)), nextCursor: page.nextCursor } };
      },
    }),
    protectedRoute({
      method: 'get', path: '/api/orders/:id', summary: 'One order with its history', tags,
      params: uuidParam,
      responses: { 200: { description: 'The order.', schema: orderSchema, headers: { ETag: 'The order version' } } },
      handler: async ({ principal, params }) => {
        const { order, unreadCount } = await uc.getOrder.execute(principal, params.id);
        return { status: 200, body: orderDto(order, principal, unreadCount), headers: { ETag: etagOf(order) } };
      },
    }),
    protectedRoute({
      method: 'patch', path: '/api/orders/:id/status', summary: 'Move an order along its lifecycle', tags,
      params: uuidParam,
      body: z.strictObject({ status: z.enum(ORDER_STATUSES), note: note.nullable().optional() }),
      responses: {
        200: { description: 'Moved.', schema: orderSchema, headers: { ETag: 'The new version' } },
        403: { description: 'The role may not make this move.' },
        409: { description: '`invalid_transition` (details: allowed next statuses) or `conflict` (lost a race).' },
        412: { description: '`precondition_failed`: If-Match is stale.' },
      },
      handler: async ({ principal, params, body, ctx }) => {
        const { order, unreadCount } = await uc.updateOrderStatus.execute(principal, { orderId: params.id, ...body, expectedVersion: expectedVersion(ctx) });
        return { status: 200, body: orderDto(order, principal, unreadCount), headers: { ETag: etagOf(order) } };
      },
    }),
  ];
}
