import { randomUUID } from 'node:crypto';
import { Order, type Actor, type OrderItem } from '../../src/domain/order/order.js';

export const staffActor: Actor = { id: '00000000-0000-4000-8000-00000000aaaa', name: 'Sam Staff', role: 'staff' };

/** A pending order of `customer`; override what the test is about. */
export function anOrder(customer: { id: string; name: string }, overrides: { items?: OrderItem[]; note?: string | null; createdAt?: Date } = {}): Order {
  return Order.place({
    id: randomUUID(),
    customer,
    items: overrides.items ?? [{ name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 }],
    note: overrides.note ?? null,
    placedBy: { ...customer, role: 'customer' },
    now: overrides.createdAt ?? new Date(),
  });
}
