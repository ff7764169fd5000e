import { describe, expect, it } from 'vitest';
import { CancellationReasonRequiredError, InvalidOrderError, InvalidStatusTransitionError, TransitionNotPermittedError } from './order-errors.js';
import { Order, type Actor } from './order.js';
import { ORDER_STATUSES, type OrderStatus } from './order-status.js';

const owner: Actor = { id: 'cust-1', name: 'Cleo', role: 'customer' };
const otherCustomer: Actor = { id: 'cust-2', name: 'Dan', role: 'customer' };
const staff: Actor = { id: 'staff-1', name: 'Sam', role: 'staff' };
const admin: Actor = { id: 'admin-1', name: 'Ada', role: 'admin' };
const now = new Date('2026-11-28T12:00:00.000Z');

/** API.md's lifecycle table, written out independently of the implementation. */
const SPEC: Array<{ from: OrderStatus; to: OrderStatus; who: Array<'owner' | 'staff' | 'admin'>; note?: true }> = [
  { from: 'pending', to: 'confirmed', who: ['staff', 'admin'] },
  { from: 'confirmed', to: 'preparing', who: ['staff', 'admin'] },
  { from: 'preparing', to: 'shipped', who: ['staff', 'admin'] },
  { from: 'shipped', to: 'delivered', who: ['staff', 'admin'] },
  { from: 'pending', to: 'cancelled', who: ['owner', 'staff', 'admin'] },
  { from: 'confirmed', to: 'cancelled', who: ['staff', 'admin'], note: true },
  { from: 'preparing', to: 'cancelled', who: ['staff', 'admin'], note: true },
];

const PATH: OrderStatus[] = ['pending', 'confirmed', 'preparing', 'shipped', 'delivered'];

/** An order brought to `status` through legal moves. */
function orderIn(status: OrderStatus): Order {
  const order = Order.place({ id: 'o1', customer: { id: owner.id, name: owner.name }, items: [{ name: 'Beans', quantity: 2, unitPriceCents: 1850 }], placedBy: owner, now });
  if (status === 'cancelled') {
    order.changeStatus('cancelled', staff, null, now);
    return order;
  }
  for (const next of PATH.slice(1, PATH.indexOf(status) + 1)) order.changeStatus(next, staff, null, now);
  return order;
}

const actors = { owner, otherCustomer, staff, admin } as const;

describe('Order lifecycle, exhaustively: every status × target × role against API.md', () => {
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      for (const [label, actor] of Object.entries(actors)) {
        const rule = SPEC.find((r) => r.from === from && r.to === to);
        const roleKey = label === 'owner' ? 'owner' : label === 'otherCustomer' ? null : (label as 'staff' | 'admin');
        const permitted = !!rule && roleKey !== null && rule.who.includes(roleKey);
        const expected = !rule ? 'invalid' : permitted ? 'ok' : 'forbidden';

        it(`${from} → ${to} by ${label}: ${expected}`, () => {
          const order = orderIn(from);
          const act = () => order.changeStatus(to, actor, rule?.note ? 'customer asked' : null, now);
          if (expected === 'invalid') expect(act).toThrow(InvalidStatusTransitionError);
          if (expected === 'forbidden') expect(act).toThrow(TransitionNotPermittedError);
          if (expected === 'ok') {
            act();
            expect(order.status).toBe(to);
          }
          const offered = orderIn(from).allowedTransitionsFor(actor).includes(to);
          expect(offered).toBe(permitted);
        });
      }
    }
  }
});

describe('Order', () => {
  it('computes the total on the server', () => {
    const order = Order.place({ id: 'o', customer: { id: owner.id, name: owner.name }, items: [{ name: 'A', quantity: 2, unitPriceCents: 1850 }, { name: 'B', quantity: 3, unitPriceCents: 99 }], placedBy: owner, now });
    expect(order.snapshot().totalCents).toBe(2 * 1850 + 3 * 99);
  });

  it('starts pending at version 0 with one history entry, and each move appends and bumps the version', () => {
    const order = orderIn('pending');
    expect(order.snapshot()).toMatchObject({ status: 'pending', version: 0, history: [{ from: null, to: 'pending' }] });
    order.changeStatus('confirmed', staff, 'ok', now);
    expect(order.snapshot()).toMatchObject({ version: 1, history: [{ to: 'pending' }, { from: 'pending', to: 'confirmed', by: staff, note: 'ok' }] });
  });

  it('needs a reason to cancel once confirmed', () => {
    expect(() => orderIn('confirmed').changeStatus('cancelled', staff, null, now)).toThrow(CancellationReasonRequiredError);
    expect(() => orderIn('preparing').changeStatus('cancelled', staff, '   ', now)).toThrow(CancellationReasonRequiredError);
    expect(() => orderIn('pending').changeStatus('cancelled', owner, null, now)).not.toThrow();
  });

  it('names the allowed next statuses when refusing a move', () => {
    try {
      orderIn('pending').changeStatus('shipped', staff, null, now);
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidStatusTransitionError).allowed).toEqual(['confirmed', 'cancelled']);
    }
  });

  it.each([
    [[], 'items'],
    [Array.from({ length: 51 }, () => ({ name: 'x', quantity: 1, unitPriceCents: 1 })), 'items'],
    [[{ name: ' ', quantity: 1, unitPriceCents: 1 }], 'items.0.name'],
    [[{ name: 'x', quantity: 0, unitPriceCents: 1 }], 'items.0.quantity'],
    [[{ name: 'x', quantity: 1.5, unitPriceCents: 1 }], 'items.0.quantity'],
    [[{ name: 'x', quantity: 1, unitPriceCents: 10_000_001 }], 'items.0.unitPriceCents'],
    [[{ name: 'a\u0000b', quantity: 1, unitPriceCents: 1 }], 'items.0.name'],
  ])('refuses items breaking the limits (%#)', (items, path) => {
    const place = () => Order.place({ id: 'o', customer: { id: owner.id, name: owner.name }, items, placedBy: owner, now });
    expect(place).toThrow(InvalidOrderError);
    try { place(); } catch (err) { expect((err as InvalidOrderError).path).toBe(path); }
  });

  it('does not share state with snapshots or restored copies', () => {
    const order = orderIn('pending');
    const snap = order.snapshot();
    snap.items[0]!.quantity = 999;
    expect(order.snapshot().items[0]!.quantity).toBe(2);
    const copy = Order.restore(order.snapshot());
    copy.changeStatus('confirmed', staff, null, now);
    expect(order.status).toBe('pending');
  });
});
