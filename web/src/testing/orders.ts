import type { Order, OrderStatus } from '../api/types';

export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o-1',
    number: 1042,
    customer: { id: 'u-1', name: 'Ann Customer' },
    status: 'pending',
    items: [{ name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 }],
    totalCents: 3700,
    currency: 'USD',
    note: null,
    version: 1,
    allowedTransitions: [],
    unreadCount: 0,
    createdAt: '2026-11-28T12:00:00.000Z',
    updatedAt: '2026-11-28T12:00:00.000Z',
    history: [{ from: null, to: 'pending', by: { id: 'u-1', name: 'Ann Customer', role: 'customer' }, note: null, at: '2026-11-28T12:00:00.000Z' }],
    ...overrides,
  };
}

export function withStatus(status: OrderStatus, allowedTransitions: OrderStatus[], version = 2): Order {
  return anOrder({ status, allowedTransitions, version });
}
