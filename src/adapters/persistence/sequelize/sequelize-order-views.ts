import type { Sequelize } from 'sequelize';
import type { OrderListQuery } from '../../../application/ports/order-repository.js';
import type { OrderView, OrderViews } from '../../../application/ports/order-views.js';
import type { Page } from '../../../application/ports/user-repository.js';
import { Order } from '../../../domain/order/order.js';
import { encodeCursor, parseCursor } from '../keyset-cursor.js';
import { ReadBatcher } from '../read-batcher.js';
import { isUuid } from '../serial-id.js';
import { ORDER_VIEWS_BY_IDS, orderPage, snapshotOf, type OrderReadRow } from './order-sql.js';
import { queryPrepared } from './prepared-statements.js';

interface Lookup {
  orderId: string;
  scope: string | null;
  viewer: string | null;
}

/**
 * Orders as one caller sees them, each read ONE prepared statement over orders, items,
 * history and the caller's read markers (order-sql.ts). Single-order reads that arrive
 * together share that statement (ReadBatcher). Nothing is cached.
 */
export class SequelizeOrderViews implements OrderViews {
  private readonly lookups: ReadBatcher<Lookup, OrderReadRow | undefined>;

  constructor(private readonly sequelize: Sequelize) {
    this.lookups = new ReadBatcher((batch) => this.readMany(batch));
  }

  async findView(orderId: string, viewerId: string, scope?: { customerId: string }): Promise<OrderView | null> {
    // Not a uuid: no such order (and no invalid-input error from PostgreSQL).
    if (!isUuid(orderId) || (scope && !isUuid(scope.customerId))) return null;
    const row = await this.lookups.load({ orderId, scope: scope?.customerId ?? null, viewer: viewerOf(viewerId) });
    return row ? { order: Order.restore(snapshotOf(row)), unreadCount: row.unread_count ?? 0 } : null;
  }

  /** Answers lookups positionally: the row numbered n answers lookup n - 1. */
  private async readMany(batch: Lookup[]): Promise<Array<OrderReadRow | undefined>> {
    const rows = await queryPrepared<OrderReadRow>(this.sequelize, ORDER_VIEWS_BY_IDS, [
      batch.map((l) => l.orderId),
      batch.map((l) => l.scope),
      batch.map((l) => l.viewer),
    ]);
    const answers: Array<OrderReadRow | undefined> = batch.map(() => undefined);
    for (const row of rows) answers[Number(row.n) - 1] = row;
    return answers;
  }

  async listViews(query: OrderListQuery, viewerId: string): Promise<Page<OrderView>> {
    const after = parseCursor(query.cursor);
    if (query.customerId !== undefined && !isUuid(query.customerId)) return { items: [], nextCursor: null };
    const { statement, values } = orderPage({ customerId: query.customerId, status: query.status, after }, query.limit + 1, viewerOf(viewerId));
    const rows = await queryPrepared<OrderReadRow>(this.sequelize, statement, values);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({ order: Order.restore(snapshotOf(row)), unreadCount: row.unread_count ?? 0 })),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
    };
  }
}

/** A viewer id that is not a uuid has no messages and no markers: NULL counts 0. */
const viewerOf = (viewerId: string) => (isUuid(viewerId) ? viewerId : null);
