import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import {
  IdempotencyKeyTakenError,
  type IdempotentPlacement,
  type OrderListQuery,
  type OrderRepository,
  type StoredPlacement,
} from '../../../application/ports/order-repository.js';
import type { Page } from '../../../application/ports/user-repository.js';
import { Order, type HistoryEntry, type OrderSnapshot } from '../../../domain/order/order.js';
import { encodeCursor, parseCursor } from '../keyset-cursor.js';
import { isUuid } from '../serial-id.js';
import { reviveSnapshot, toEventPayload, toHistoryRow, toItemRows, toOrderRow, type SnapshotJson } from './order-mapper.js';
import { MOVE_ORDER, ORDER_BY_ID, orderPage, snapshotOf, type OrderReadRow } from './order-sql.js';
import { defineOrderModels, type OrderModels } from './order.models.js';
import { queryPrepared } from './prepared-statements.js';

// A key older than 24 h is forgotten: not replayed, and free to be claimed again.
const CLAIM_KEY = `INSERT INTO idempotency_keys (user_id, key, fingerprint, order_id, response)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, order_id = EXCLUDED.order_id,
    response = EXCLUDED.response, created_at = now()
  WHERE idempotency_keys.created_at <= now() - interval '24 hours'
  RETURNING 1 AS claimed`;
const FIND_KEY = `SELECT fingerprint, response FROM idempotency_keys
  WHERE user_id = $1 AND key = $2 AND created_at > now() - interval '24 hours'`;

export class SequelizeOrderRepository implements OrderRepository {
  private readonly m: OrderModels;

  constructor(private readonly sequelize: Sequelize) {
    this.m = defineOrderModels(sequelize);
  }

  async insert(order: Order, idempotency?: IdempotentPlacement): Promise<Order> {
    const snapshot = order.snapshot();
    const stored = await this.sequelize.transaction(async (transaction) => {
      const row = await this.m.Order.create(toOrderRow(snapshot), { transaction, returning: ['number'] });
      const saved: OrderSnapshot = { ...snapshot, number: Number(row.number) };
      await this.m.Item.bulkCreate(toItemRows(snapshot), { transaction });
      await this.m.History.bulkCreate(snapshot.history.map((h) => toHistoryRow(snapshot.id, h)), { transaction });
      if (idempotency) await this.claimKey(idempotency, saved, transaction);
      // The event goes last: its insert serialises commits (see the events migration), so
      // the lock it takes must be held as briefly as possible and never while waiting on a key.
      await this.recordEvent('order.created', saved, transaction);
      return saved;
    });
    return Order.restore(stored);
  }

  async findPlacement(userId: string, key: string): Promise<StoredPlacement | null> {
    if (!isUuid(userId)) return null;
    const [row] = await this.sequelize.query<{ fingerprint: string; response: SnapshotJson }>(FIND_KEY, {
      bind: [userId, key],
      type: QueryTypes.SELECT,
    });
    return row ? { fingerprint: row.fingerprint, order: reviveSnapshot(row.response) } : null;
  }

  async findById(id: string, scope?: { customerId: string }): Promise<Order | null> {
    // Not a uuid: no such order (and no invalid-input error from PostgreSQL).
    if (!isUuid(id) || (scope && !isUuid(scope.customerId))) return null;
    // The order with its items and history in ONE statement, so all three come from the same
    // snapshot (three separate reads could pair a new status with an old history).
    const [row] = await queryPrepared<OrderReadRow>(this.sequelize, ORDER_BY_ID, [id, scope?.customerId ?? null]);
    return row ? Order.restore(snapshotOf(row)) : null;
  }

  /** One statement per page whatever its size: the orders with their items. */
  async list(query: OrderListQuery): Promise<Page<Order>> {
    const after = parseCursor(query.cursor);
    if (query.customerId !== undefined && !isUuid(query.customerId)) return { items: [], nextCursor: null };
    const { statement, values } = orderPage({ customerId: query.customerId, status: query.status, after }, query.limit + 1, undefined);
    const rows = await queryPrepared<OrderReadRow>(this.sequelize, statement, values);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => Order.restore(snapshotOf(row))),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
    };
  }

  /** One statement, one round trip (MOVE_ORDER in order-sql.ts). */
  async saveStatusChange(order: Order, entry: HistoryEntry, expectedVersion: number): Promise<boolean> {
    const s = order.snapshot();
    const h = toHistoryRow(s.id, entry);
    const moved = await queryPrepared(this.sequelize, MOVE_ORDER, [
      s.id, expectedVersion, s.status, s.version, s.updatedAt,
      h.fromStatus, h.toStatus, h.actorId, h.actorName, h.actorRole, h.note, h.at,
      JSON.stringify(toEventPayload(s)),
    ]);
    return moved.length === 1;
  }

  private async recordEvent(type: 'order.created' | 'order.updated', s: OrderSnapshot, transaction: Transaction) {
    await this.m.Event.create({ type, orderId: s.id, customerId: s.customer.id, payload: toEventPayload(s) }, { transaction });
  }

  /** Throws IdempotencyKeyTakenError (rolling the placement back) when the key is taken. */
  private async claimKey(key: IdempotentPlacement, saved: OrderSnapshot, transaction: Transaction) {
    const claimed = await this.sequelize.query(CLAIM_KEY, {
      bind: [key.userId, key.key, key.fingerprint, saved.id, JSON.stringify(saved)],
      type: QueryTypes.SELECT,
      transaction,
    });
    if (claimed.length === 0) throw new IdempotencyKeyTakenError();
  }
}

