export const ORDER_STATUSES = ['pending', 'confirmed', 'preparing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type ActorRole = 'customer' | 'staff' | 'admin';

/** Who may make a move: staff and admins, or also the customer who owns the order. */
type Mover = 'staff' | 'owner-or-staff';

interface Move {
  to: OrderStatus;
  by: Mover;
  /** A cancel after confirmation needs a reason (API.md lifecycle). */
  noteRequired: boolean;
}

/** The lifecycle table of API.md, one row per allowed move. Anything absent is refused. */
export const LIFECYCLE: Readonly<Record<OrderStatus, readonly Move[]>> = {
  pending: [
    { to: 'confirmed', by: 'staff', noteRequired: false },
    { to: 'cancelled', by: 'owner-or-staff', noteRequired: false },
  ],
  confirmed: [
    { to: 'preparing', by: 'staff', noteRequired: false },
    { to: 'cancelled', by: 'staff', noteRequired: true },
  ],
  preparing: [
    { to: 'shipped', by: 'staff', noteRequired: false },
    { to: 'cancelled', by: 'staff', noteRequired: true },
  ],
  shipped: [{ to: 'delivered', by: 'staff', noteRequired: false }],
  delivered: [],
  cancelled: [],
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function moveFrom(from: OrderStatus, to: OrderStatus): Move | undefined {
  return LIFECYCLE[from].find((m) => m.to === to);
}

export function mayMake(move: Move, role: ActorRole, isOwner: boolean): boolean {
  if (role === 'staff' || role === 'admin') return true;
  return move.by === 'owner-or-staff' && isOwner;
}
