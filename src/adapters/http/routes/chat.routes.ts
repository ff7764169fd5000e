import { z } from 'zod';
import type { ChatUseCases } from '../../../application/chat/chat-use-cases.js';
import type { Message } from '../../../domain/chat/message.js';
import { protectedRoute, type RouteSpec } from '../route.js';
import { isoDate, limit, uuidParam } from '../schemas.js';

const tags = ['Chat'];
const messageId = z.string().regex(/^[1-9]\d{0,17}$/, 'must be a message id');

export const messageSchema = z.object({
  id: z.string(),
  orderId: z.uuid(),
  author: z.object({ id: z.string(), name: z.string(), role: z.enum(['customer', 'staff', 'admin']) }),
  body: z.string(),
  clientId: z.string().nullable(),
  createdAt: isoDate,
});

export function messageDto(m: Message) {
  return { id: m.id, orderId: m.orderId, author: m.author, body: m.body, clientId: m.clientId, createdAt: m.createdAt.toISOString() };
}

export function chatRoutes(uc: ChatUseCases): RouteSpec[] {
  return [
    protectedRoute({
      method: 'get', path: '/api/orders/:id/messages', summary: "A page of the order's conversation, oldest first", tags,
      params: uuidParam,
      query: z
        .strictObject({ before: messageId.optional(), after: messageId.optional(), limit: limit(100, 50) })
        .refine((q) => !(q.before && q.after), { message: 'use either before or after, not both', path: ['after'] }),
      responses: { 200: { description: 'Messages; nextCursor pages towards older ones.', schema: z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable() }) } },
      handler: async ({ principal, params, query }) => {
        const page = await uc.listMessages.execute(principal, params.id, query);
        return { status: 200, body: { items: page.items.map(messageDto), nextCursor: page.nextCursor } };
      },
    }),
    protectedRoute({
      method: 'post', path: '/api/orders/:id/messages', summary: 'Post a message (a retried clientId returns the first one)', tags,
      params: uuidParam,
      // The body's limits (1..4000 after trimming, no NUL) are the domain's; it is stored verbatim.
      body: z.strictObject({ body: z.string().max(100_000), clientId: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'must be 1 to 100 visible ASCII characters').nullable().optional() }),
      responses: {
        201: { description: 'Posted.', schema: messageSchema },
        200: { description: 'This clientId was already posted by you on this order: the first message.', schema: messageSchema },
      },
      handler: async ({ principal, params, body }) => {
        const { message, created } = await uc.postMessage.execute(principal, { orderId: params.id, ...body });
        return { status: created ? 201 : 200, body: messageDto(message) };
      },
    }),
    protectedRoute({
      method: 'post', path: '/api/orders/:id/read', summary: 'Mark the conversation read up to a message', tags,
      params: uuidParam,
      body: z.strictObject({ lastReadMessageId: messageId }),
      responses: { 204: { description: 'Marked; unreadCount drops accordingly.' } },
      handler: async ({ principal, params, body }) => {
        await uc.markRead.execute(principal, params.id, body.lastReadMessageId);
        return { status: 204 };
      },
    }),
  ];
}
