import { Order, type OrderItem } from '../../domain/order/order.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { IdempotencyKeyTakenError, type OrderRepository } from '../ports/order-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { Principal } from '../principal.js';
import { actorOf, underOrderRules } from './order-rule-errors.js';

export interface PlaceOrderInput {
  items: OrderItem[];
  note?: string | null;
  /** Staff and admins may order on a customer's behalf. */
  customerId?: string;
  idempotencyKey?: string;
}

export interface PlaceOrderResult {
  order: Order;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Places an order. With an Idempotency-Key, a retry of the same request replays the
 * first order instead of creating another; the same key with a different request is refused.
 */
export class PlaceOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(actor: Principal, input: PlaceOrderInput): Promise<PlaceOrderResult> {
    const fingerprint = JSON.stringify({ items: input.items, note: input.note ?? null, customerId: input.customerId ?? null });
    const key = input.idempotencyKey;
    if (key) {
      const replay = await this.replay(actor.userId, key, fingerprint);
      if (replay) return replay;
    }
    const customer = await this.customerFor(actor, input.customerId);
    const order = underOrderRules(() =>
      Order.place({ id: this.ids.newId(), customer, items: input.items, note: input.note, placedBy: actorOf(actor), now: this.clock.now() }),
    );
    try {
      const stored = await this.orders.insert(order, key ? { userId: actor.userId, key, fingerprint } : undefined);
      return { order: stored, replayed: false };
    } catch (err) {
      // A concurrent request with the same key won the race: answer as it did.
      if (err instanceof IdempotencyKeyTakenError && key) {
        const replay = await this.replay(actor.userId, key, fingerprint);
        if (replay) return replay;
      }
      throw err;
    }
  }

  private async replay(userId: string, key: string, fingerprint: string): Promise<PlaceOrderResult | null> {
    const placement = await this.orders.findPlacement(userId, key);
    if (!placement) return null;
    if (placement.fingerprint !== fingerprint) {
      throw new ValidationError('This Idempotency-Key was already used for a different order.', [
        { path: 'Idempotency-Key', message: 'was used with another request body' },
      ]);
    }
    return { order: Order.restore(placement.order), replayed: true };
  }

  private async customerFor(actor: Principal, customerId: string | undefined) {
    if (actor.role === 'customer') {
      if (customerId !== undefined) throw new ValidationError('Customers order for themselves.', [{ path: 'customerId', message: 'is not allowed for customers' }]);
      return { id: actor.userId, name: actor.name };
    }
    if (customerId === undefined) return { id: actor.userId, name: actor.name };
    const customer = await this.users.findById(customerId);
    if (!customer || customer.role !== 'customer') {
      throw new ValidationError('No such customer.', [{ path: 'customerId', message: 'does not name a customer' }]);
    }
    return { id: customer.id, name: customer.name };
  }
}
