import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anOrder, staffActor } from '../../../../test/mothers/order-mother.js';
import { freshCustomers, type Customer } from '../../../../test/support/fresh-customers.js';
import { createTestDatabase, statementCountingPool, type StatementCountingPool, type TestDatabase } from '../../../../test/support/database.js';
import { ValidationError } from '../../../application/errors.js';
import { orderRepositoryContract } from '../../../application/ports/order-repository.contract.js';
import { IdempotencyKeyTakenError } from '../../../application/ports/order-repository.js';
import { encodeCursor } from '../keyset-cursor.js';
import { createSequelize, isDatabaseUnavailable } from './db.js';
import { orderPage } from './order-sql.js';
import { SequelizeOrderRepository } from './sequelize-order-repository.js';

let db: TestDatabase;
let counting: StatementCountingPool;
beforeAll(async () => {
  db = await createTestDatabase();
  counting = statementCountingPool(db);
});
afterAll(async () => {
  await counting?.close();
  await db?.drop();
});


orderRepositoryContract('SequelizeOrderRepository', async () => ({
  repo: new SequelizeOrderRepository(db.sequelize),
  customers: await freshCustomers(db.sequelize),
}));

describe('SequelizeOrderRepository on PostgreSQL', () => {
  let repo: SequelizeOrderRepository;
  let ann: Customer;
  let bob: Customer;
  beforeEach(async () => {
    [ann, bob] = await freshCustomers(db.sequelize);
    repo = new SequelizeOrderRepository(db.sequelize);
  });

  const count = async (table: string) =>
    Number((await db.sequelize.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`, { type: QueryTypes.SELECT }))[0]!.n);
  const events = () =>
    db.sequelize.query<{ type: string; order_id: string; customer_id: string; payload: Record<string, unknown> }>(
      'SELECT type, order_id, customer_id, payload FROM events ORDER BY id',
      { type: QueryTypes.SELECT },
    );

  it('writes exactly one outbox event per committed write, and none for a lost move', async () => {
    const order = await repo.insert(anOrder(ann, { note: 'ring twice' }));
    const { history: _h, ...created } = order.snapshot();
    expect(await events()).toEqual([
      { type: 'order.created', order_id: order.id, customer_id: ann.id, payload: JSON.parse(JSON.stringify(created)) },
    ]);

    const entry = order.changeStatus('confirmed', staffActor, null, new Date());
    expect(await repo.saveStatusChange(order, entry, 0)).toBe(true);
    const [, updated] = await events();
    expect(updated).toMatchObject({ type: 'order.updated', order_id: order.id, customer_id: ann.id, payload: { status: 'confirmed', version: 1 } });
    expect(updated!.payload).not.toHaveProperty('history');

    const stale = (await repo.findById(order.id))!;
    expect(await repo.saveStatusChange(stale, stale.changeStatus('preparing', staffActor, null, new Date()), 0)).toBe(false);
    expect(await count('events')).toBe(2);
    expect(await count('order_status_history')).toBe(2);
    expect((await repo.findById(order.id))!.snapshot()).toMatchObject({ status: 'confirmed', version: 1 });
  });

  it('stores nothing (no order, item, history or event) when the idempotency key is taken', async () => {
    await repo.insert(anOrder(ann), { userId: ann.id, key: 'k', fingerprint: 'f' });
    const before = await Promise.all(['orders', 'order_items', 'order_status_history', 'events'].map(count));
    await expect(repo.insert(anOrder(ann), { userId: ann.id, key: 'k', fingerprint: 'f' })).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(await Promise.all(['orders', 'order_items', 'order_status_history', 'events'].map(count))).toEqual(before);
  });

  it('forgets a key after 24 hours: not replayed, and free to be used again', async () => {
    await repo.insert(anOrder(ann), { userId: ann.id, key: 'old', fingerprint: 'f1' });
    await db.sequelize.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'");
    expect(await repo.findPlacement(ann.id, 'old')).toBeNull();
    const again = await repo.insert(anOrder(ann), { userId: ann.id, key: 'old', fingerprint: 'f2' });
    expect(await repo.findPlacement(ann.id, 'old')).toEqual({ fingerprint: 'f2', order: again.snapshot() });
  });

  it('lets exactly one of 10 concurrent moves win: one history row, one event', async () => {
    const order = await repo.insert(anOrder(ann));
    // All read version 0 before any saves (a read queued behind the pool could see the winner).
    const copies = await Promise.all(Array.from({ length: 10 }, async () => (await repo.findById(order.id))!));
    const results = await Promise.all(
      copies.map((copy) => repo.saveStatusChange(copy, copy.changeStatus('confirmed', staffActor, null, new Date()), 0)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await count('order_status_history')).toBe(2);
    expect((await events()).map((e) => e.type)).toEqual(['order.created', 'order.updated']);
  });

  it('lists a page in a constant number of statements (no N+1), items in order', async () => {
    const placed = [];
    for (let i = 0; i < 60; i++) {
      const items = Array.from({ length: (i % 3) + 1 }, (_, n) => ({ name: `item ${i}.${n}`, quantity: n + 1, unitPriceCents: 100 * i + n }));
      placed.push(await repo.insert(anOrder(i % 2 ? ann : bob, { items, createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)) })));
    }
    const counted = new SequelizeOrderRepository(counting.sequelize);
    const measure = async (limit: number) => {
      counting.reset();
      const page = await counted.list({ limit });
      return { page, statements: counting.statements.length };
    };
    const five = await measure(5);
    const fifty = await measure(50);
    expect(fifty.page.items).toHaveLength(50);
    expect(fifty.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(2);
    const newest = [...placed].reverse().slice(0, 50).map((o) => ({ ...o.snapshot(), history: [] }));
    expect(fifty.page.items.map((o) => o.snapshot())).toEqual(newest);

    counting.reset();
    expect((await counted.findById(placed[7]!.id))!.snapshot()).toEqual(placed[7]!.snapshot());
    expect(counting.statements).toHaveLength(1);
    console.info(`statements: list(5)=${five.statements} list(50)=${fifty.statements} findById=1`);
  });

  it('serves a deep keyset page from an index, without scanning or sorting orders', async () => {
    // Enough rows (inserted directly) for the planner to prefer an index over a seq scan.
    await db.sequelize.query(
      `INSERT INTO orders (id, customer_id, customer_name, status, total_cents, currency, created_at, updated_at)
       SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $2::uuid END, 'X',
              (ARRAY['pending','confirmed','cancelled'])[g % 3 + 1], 100, 'USD',
              timestamptz '2026-01-01' + g * interval '1 minute', timestamptz '2026-01-01'
       FROM generate_series(1, 20000) g`,
      { bind: [ann.id, bob.id] },
    );
    await db.sequelize.query('ANALYZE orders');
    const after = { at: new Date(Date.UTC(2026, 0, 5)), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' };
    const cursor = encodeCursor(after);
    const counted = new SequelizeOrderRepository(counting.sequelize);
    const viewer = randomUUID();
    for (const filter of [{}, { customerId: ann.id }, { status: 'confirmed' as const }, { customerId: bob.id, status: 'cancelled' as const }]) {
      counting.reset();
      const page = await counted.list({ limit: 20, cursor, ...filter });
      expect(page.items).toHaveLength(20);
      expect(counting.statements).toHaveLength(1);
      // The page statements run prepared: PostgreSQL may plan each call with its values
      // (custom) or once for all values (generic). Both plans must start at the cursor.
      for (const viewerId of [undefined, viewer]) {
        const { statement, values } = orderPage({ ...filter, after }, 21, viewerId);
        for (const mode of ['force_custom_plan', 'force_generic_plan']) {
          const plan = await db.sequelize.transaction(async (transaction) => {
            const run = (sql: string) => db.sequelize.query<{ 'QUERY PLAN': string }>(sql, { type: QueryTypes.SELECT, transaction });
            await run(`SET LOCAL plan_cache_mode = ${mode}`);
            await run(`PREPARE deep_page AS ${statement.text}`);
            const literals = values.map((v) => db.sequelize.escape(v as string | number | Date)).join(', ');
            const lines = (await run(`EXPLAIN EXECUTE deep_page(${literals})`)).map((r) => r['QUERY PLAN']);
            await run('DEALLOCATE deep_page');
            return lines.join('\n');
          });
          // The planner may pick the (created_at, id) index and filter when a filter keeps most
          // rows; either way the keyset condition is an index condition, so the page starts at
          // the cursor, and the index order serves ORDER BY (no sort).
          expect(plan).toMatch(/Index Scan using orders_\w+_idx/);
          expect(plan).toMatch(/Index Cond: .*ROW\(created_at, id\) < ROW/);
          // Sorting a few items inside one order's row (PostgreSQL 18 plans json_agg's ORDER BY so) is fine; sorting orders is not.
          expect(plan).not.toMatch(/Seq Scan on orders|Sort Key: .*created_at/);
        }
      }
    }
  });

  it('treats ids that are not uuids as missing, and refuses forged cursors with a ValidationError', async () => {
    expect(await repo.findById('not-a-uuid')).toBeNull();
    expect(await repo.findById(randomUUID(), { customerId: 'nope' })).toBeNull();
    expect(await repo.findPlacement('nope', 'k')).toBeNull();
    await expect(repo.list({ limit: 5, cursor: encodeCursor({ at: new Date(), id: "x' OR 1=1 --" }) })).rejects.toBeInstanceOf(ValidationError);
    await expect(repo.list({ limit: 5, cursor: 'garbage' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lets connection errors through untouched (the app answers 503)', async () => {
    const down = createSequelize('postgres://postgres@127.0.0.1:1/nowhere');
    try {
      const err = await new SequelizeOrderRepository(down).findById(randomUUID()).catch((e: unknown) => e);
      expect(isDatabaseUnavailable(err)).toBe(true);
      const insertErr = await new SequelizeOrderRepository(down).insert(anOrder(ann)).catch((e: unknown) => e);
      expect(isDatabaseUnavailable(insertErr)).toBe(true);
    } finally {
      await down.close();
    }
  });
});
