import { Op, QueryTypes, literal, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
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
import {
  HISTORY_JSON, ITEMS_JSON, fromOrderWithJson, reviveSnapshot, toEventPayload, toHistoryRow, toItemRows, toOrderRow, toSnapshot,
  type ItemRow, type OrderRow, type OrderWithJson, type SnapshotJson,
} from './order-mapper.js';
import { defineOrderModels, type OrderModels } from './order.models.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);

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
    const row = (await this.m.Order.findOne({
      where: scope ? { id, customerId: scope.customerId } : { id },
      attributes: { include: [[literal(ITEMS_JSON), 'items'], [literal(HISTORY_JSON), 'history']] },
      raw: true,
    })) as OrderWithJson | null;
    return row ? Order.restore(fromOrderWithJson(row)) : null;
  }

  /** Two statements per page whatever its size: the orders, then all their items. */
  async list(query: OrderListQuery): Promise<Page<Order>> {
    const after = parseCursor(query.cursor);
    if (query.customerId !== undefined && !isUuid(query.customerId)) return { items: [], nextCursor: null };
    const conditions: WhereOptions[] = [];
    if (query.customerId !== undefined) conditions.push({ customerId: query.customerId });
    if (query.status !== undefined) conditions.push({ status: query.status });
    // A row comparison, unlike `a < x OR (a = x AND b < y)`, is an index condition: a deep
    // page starts right at the cursor instead of filtering every newer row.
    const esc = (value: Date | string) => this.sequelize.escape(value);
    if (after) conditions.push(literal(`(created_at, id) < (${esc(after.at)}::timestamptz, ${esc(after.id)}::uuid)`));
    const rows = (await this.m.Order.findAll({
      where: { [Op.and]: conditions },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit: query.limit + 1,
      raw: true,
    })) as OrderRow[];
    const page = rows.slice(0, query.limit);
    const items = await this.itemsOf(page.map((r) => r.id));
    const orders = page.map((r) => Order.restore(toSnapshot(r, items.get(r.id) ?? [], [])));
    const last = page.at(-1);
    return { items: orders, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
  }

  async saveStatusChange(order: Order, entry: HistoryEntry, expectedVersion: number): Promise<boolean> {
    const s = order.snapshot();
    return this.sequelize.transaction(async (transaction) => {
      // Conditional on the version (SECURITY 14): the row lock makes concurrent movers wait,
      // and all but the first then match no row.
      const [updated] = await this.m.Order.update(
        { status: s.status, version: s.version, updatedAt: s.updatedAt },
        { where: { id: s.id, version: expectedVersion }, transaction },
      );
      if (updated !== 1) return false; // nothing written: the transaction commits empty
      await this.m.History.create(toHistoryRow(s.id, entry), { transaction });
      await this.recordEvent('order.updated', s, transaction);
      return true;
    });
  }

  private async itemsOf(orderIds: string[]): Promise<Map<string, ItemRow[]>> {
    const byOrder = new Map<string, ItemRow[]>();
    if (orderIds.length === 0) return byOrder;
    const rows = (await this.m.Item.findAll({
      where: { orderId: orderIds },
      order: [['orderId', 'ASC'], ['position', 'ASC']],
      raw: true,
    })) as ItemRow[];
    for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
    return byOrder;
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

