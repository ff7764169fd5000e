import { CancellationReasonRequiredError, InvalidStatusTransitionError, TransitionNotPermittedError } from './order-errors.js';
import { validateItems, validateNote, type OrderItem } from './order-items.js';
import { ORDER_CURRENCY } from './order-limits.js';
import { LIFECYCLE, mayMake, moveFrom, type ActorRole, type OrderStatus } from './order-status.js';

export type { OrderItem } from './order-items.js';

export interface Actor {
  id: string;
  name: string;
  role: ActorRole;
}

export interface HistoryEntry {
  from: OrderStatus | null;
  to: OrderStatus;
  by: Actor;
  note: string | null;
  at: Date;
}

export interface OrderSnapshot {
  id: string;
  /** Human-friendly number from a database sequence; 0 until the order is stored. */
  number: number;
  customer: { id: string; name: string };
  status: OrderStatus;
  items: OrderItem[];
  totalCents: number;
  currency: string;
  note: string | null;
  /** Number of status moves since placement; the optimistic-concurrency token. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  history: HistoryEntry[];
}

/** An order and its lifecycle. Nothing outside this class sets its status. */
export class Order {
  private constructor(private state: OrderSnapshot) {}

  static place(input: { id: string; customer: { id: string; name: string }; items: OrderItem[]; note?: string | null; placedBy: Actor; now: Date }): Order {
    validateItems(input.items);
    const note = validateNote(input.note ?? null);
    const items = input.items.map((i) => ({ ...i }));
    return new Order({
      id: input.id,
      number: 0,
      customer: { ...input.customer },
      status: 'pending',
      items,
      totalCents: items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0),
      currency: ORDER_CURRENCY,
      note,
      version: 0,
      createdAt: input.now,
      updatedAt: input.now,
      history: [{ from: null, to: 'pending', by: { ...input.placedBy }, note: null, at: input.now }],
    });
  }

  static restore(snapshot: OrderSnapshot): Order {
    return new Order(copySnapshot(snapshot));
  }

  get id() { return this.state.id; }
  get status() { return this.state.status; }
  get version() { return this.state.version; }
  get customerId() { return this.state.customer.id; }

  snapshot(): OrderSnapshot {
    return copySnapshot(this.state);
  }

  isOwnedBy(actor: Pick<Actor, 'id'>): boolean {
    return actor.id === this.state.customer.id;
  }

  /** The statuses this actor may move the order to right now (what the SPA offers). */
  allowedTransitionsFor(actor: Actor): OrderStatus[] {
    return LIFECYCLE[this.state.status].filter((m) => mayMake(m, actor.role, this.isOwnedBy(actor))).map((m) => m.to);
  }

  /** Appends the move to the history and bumps the version, or refuses it. */
  changeStatus(next: OrderStatus, actor: Actor, note: string | null, now: Date): HistoryEntry {
    const from = this.state.status;
    const move = moveFrom(from, next);
    if (!move) throw new InvalidStatusTransitionError(from, next, this.allowedTransitionsFor(actor));
    if (!mayMake(move, actor.role, this.isOwnedBy(actor))) throw new TransitionNotPermittedError(from, next);
    const reason = validateNote(note);
    if (move.noteRequired && !reason) throw new CancellationReasonRequiredError();
    const entry: HistoryEntry = { from, to: next, by: { ...actor }, note: reason, at: now };
    this.state.status = next;
    this.state.version += 1;
    this.state.updatedAt = now;
    this.state.history.push(entry);
    return copyEntry(entry);
  }
}

/**
 * Deep copies, so no caller shares state with an Order (what structuredClone did, for the
 * known shape: every nested object and Date is new). Called on every read of every order,
 * where structuredClone's generic serialisation was a measurable share of the request.
 */
const copyEntry = (h: HistoryEntry): HistoryEntry => ({ ...h, by: { ...h.by }, at: new Date(h.at) });

function copySnapshot(s: OrderSnapshot): OrderSnapshot {
  return {
    ...s,
    customer: { ...s.customer },
    items: s.items.map((i) => ({ ...i })),
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.updatedAt),
    history: s.history.map(copyEntry),
  };
}
