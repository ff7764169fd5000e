import type { Actor, Message } from '../api/types';

export const CUSTOMER: Actor = { id: 'u-1', name: 'Ann Customer', role: 'customer' };
export const STAFF: Actor = { id: 'u-2', name: 'Sam Staff', role: 'staff' };

export function aMessage(id: number | string, overrides: Partial<Message> = {}): Message {
  return {
    id: String(id),
    orderId: 'o-1',
    author: STAFF,
    body: `Message ${id}`,
    clientId: null,
    createdAt: new Date(Date.UTC(2026, 10, 28, 12, 0, Number(id))).toISOString(),
    ...overrides,
  };
}

/** A page as GET /api/orders/:id/messages answers it. */
export const aPage = (items: Message[], nextCursor: string | null = null) => ({ items, nextCursor });
