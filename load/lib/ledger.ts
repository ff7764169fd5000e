/**
 * What the clients were told: every acknowledged (2xx) write, every key tried, and every
 * contract violation a client noticed on the spot. The checker compares it with the database.
 */
export type Status = 'pending' | 'confirmed' | 'preparing' | 'shipped' | 'delivered' | 'cancelled';
export const TERMINAL: ReadonlySet<Status> = new Set(['delivered', 'cancelled']);

export interface AckedOrder {
  key: string;
  customerId: string;
  orderId: string;
}

export interface AckedMessage {
  clientId: string;
  orderId: string;
  authorId: string;
  messageId: string;
}

export interface AckedMove {
  orderId: string;
  /** The order's version after the move: the move is history entry number `version`. */
  version: number;
  to: Status;
  byId: string;
  /** Not a 2xx but found in the order's history after an ambiguous retry. */
  resolved?: boolean;
}

export class Ledger {
  readonly orders = new Map<string, AckedOrder>();
  /** Idempotency keys sent (acknowledged or not). */
  readonly orderKeys = new Set<string>();
  readonly messages = new Map<string, AckedMessage>();
  /** clientIds sent (acknowledged or not). */
  readonly clientIds = new Set<string>();
  readonly moves: AckedMove[] = [];
  /** Writes that never got a 2xx before the client gave up. */
  readonly unacknowledged = { orders: 0, messages: 0, moves: 0 };
  readonly deliberateRetries = { orders: 0, messages: 0 };
  readonly refusals = { lostRaces: 0, illegalRefused: 0, customerCancelsRefused: 0 };
  /** Contract violations seen by a client (a 500, a retry answered with another id, ...). */
  readonly violations: string[] = [];

  violation(text: string): void {
    if (this.violations.length < 1000) this.violations.push(text);
  }
}

/** The orders staff can still move, as last seen. */
export class OrderPool {
  private readonly active = new Map<string, { id: string; customerId: string }>();
  private readonly activeIds: string[] = [];
  /** Every order placed, in order. */
  readonly all: string[] = [];

  get placed(): number {
    return this.all.length;
  }

  add(id: string, customerId: string): void {
    if (this.active.has(id) || this.all.includes(id)) return;
    this.all.push(id);
    this.active.set(id, { id, customerId });
    this.activeIds.push(id);
  }

  retire(id: string): void {
    if (!this.active.delete(id)) return;
    const at = this.activeIds.indexOf(id);
    if (at >= 0) this.activeIds.splice(at, 1);
  }

  get size(): number {
    return this.activeIds.length;
  }

  /** Biased towards the oldest active orders, so staff often race each other for the same one. */
  pick(random: () => number): string | undefined {
    if (this.activeIds.length === 0) return undefined;
    return this.activeIds[Math.floor(random() * random() * this.activeIds.length)];
  }
}
