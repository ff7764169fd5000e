/** Shapes of /work/shared/API.md. Timestamps are ISO 8601 strings, money is integer cents. */

export type Role = 'customer' | 'staff' | 'admin';
export const ROLES: readonly Role[] = ['customer', 'staff', 'admin'];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface AdminUser extends User {
  disabled: boolean;
}

export interface TokenResponse {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: ErrorDetail[]; requestId?: string };
}

export const ORDER_STATUSES = ['pending', 'confirmed', 'preparing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export interface HistoryEntry {
  from: OrderStatus | null;
  to: OrderStatus;
  by: Actor;
  note: string | null;
  at: string;
}

/** An order as lists and live events carry it. */
export interface OrderSummary {
  id: string;
  number: number;
  customer: { id: string; name: string };
  status: OrderStatus;
  items: OrderItem[];
  totalCents: number;
  currency: string;
  note: string | null;
  version: number;
  /** The moves the *caller* may make now; the SPA offers exactly these. */
  allowedTransitions: OrderStatus[];
  unreadCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The single-order response. */
export interface Order extends OrderSummary {
  history: HistoryEntry[];
}

export interface PlaceOrderBody {
  items: OrderItem[];
  note?: string;
  /** Staff and admins may order on a customer's behalf. */
  customerId?: string;
}

/** API.md "Limits" for orders; the form checks them before the server does. */
export const ORDER_LIMITS = {
  minItems: 1,
  maxItems: 50,
  itemNameMax: 200,
  minQuantity: 1,
  maxQuantity: 1000,
  maxUnitPriceCents: 10_000_000,
  noteMax: 1000,
} as const;

/** API.md "Rules" for accounts. */
export const ACCOUNT_LIMITS = { passwordMinBytes: 8, passwordMaxBytes: 72, nameMax: 100 } as const;

/** A chat message (API.md "Chat"). Ids are increasing integers serialised as strings. */
export interface Message {
  id: string;
  orderId: string;
  author: Actor;
  /** Verbatim: the SPA renders it as text, never as HTML. */
  body: string;
  clientId: string | null;
  createdAt: string;
}

/** API.md "Chat": 1..4000 characters (code points) after trimming. */
export const CHAT_LIMITS = { bodyMax: 4000, pageSize: 50 } as const;
