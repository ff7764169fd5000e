import type { OrderStatus } from '../../domain/order/order-status.js';
import { ConflictError, PreconditionFailedError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { OrderView, OrderViews } from '../ports/order-views.js';
import type { Principal } from '../principal.js';
import { loadVisibleView } from './get-order.js';
import { actorOf, underOrderRules } from './order-rule-errors.js';

export interface UpdateOrderStatusInput {
  orderId: string;
  status: OrderStatus;
  note?: string | null;
  /** The version from If-Match, when the client sent one. */
  expectedVersion?: number;
}

/**
 * Load, ask the aggregate, save conditionally on the version read. Of two concurrent
 * moves from the same state exactly one is stored; the other gets 409 (412 with If-Match).
 * The caller's unread count comes with the read (a status move does not change it).
 */
export class UpdateOrderStatus {
  constructor(
    private readonly orders: OrderRepository,
    private readonly views: OrderViews,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Principal, input: UpdateOrderStatusInput): Promise<OrderView> {
    const { order, unreadCount } = await loadVisibleView(this.views, actor, input.orderId);
    const readVersion = order.version;
    if (input.expectedVersion !== undefined && input.expectedVersion !== readVersion) throw stale();
    const entry = underOrderRules(() => order.changeStatus(input.status, actorOf(actor), input.note ?? null, this.clock.now()));
    const saved = await this.orders.saveStatusChange(order, entry, readVersion);
    if (!saved) {
      if (input.expectedVersion !== undefined) throw stale();
      throw new ConflictError('The order changed while you were updating it; reload and try again.');
    }
    return { order, unreadCount };
  }
}

const stale = () => new PreconditionFailedError('The order has changed since you loaded it (If-Match is stale).');
