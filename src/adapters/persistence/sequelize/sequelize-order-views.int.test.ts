import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anOrder, staffActor } from '../../../../test/mothers/order-mother.js';
import { freshCustomers, type Customer } from '../../../../test/support/fresh-customers.js';
import { createTestDatabase, statementCountingPool, type StatementCountingPool, type TestDatabase } from '../../../../test/support/database.js';
import { orderViewsContract } from '../../../application/ports/order-views.contract.js';
import { createSequelize, isDatabaseUnavailable } from './db.js';
import { SequelizeMessageRepository } from './sequelize-message-repository.js';
import { SequelizeOrderRepository } from './sequelize-order-repository.js';
import { ORDER_VIEWS_BY_IDS } from './order-sql.js';
import { SequelizeOrderViews } from './sequelize-order-views.js';

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


orderViewsContract('SequelizeOrderViews', async () => ({
  views: new SequelizeOrderViews(db.sequelize),
  orders: new SequelizeOrderRepository(db.sequelize),
  messages: new SequelizeMessageRepository(db.sequelize),
  customers: await freshCustomers(db.sequelize),
}));

describe('SequelizeOrderViews on PostgreSQL', () => {
  let ann: Customer;
  let bob: Customer;
  let orders: SequelizeOrderRepository;
  let messages: SequelizeMessageRepository;
  beforeEach(async () => {
    [ann, bob] = await freshCustomers(db.sequelize);
    orders = new SequelizeOrderRepository(db.sequelize);
    messages = new SequelizeMessageRepository(db.sequelize);
  });

  it('reads an order, its history and the unread count in one statement; a page in one statement', async () => {
    const order = await orders.insert(anOrder(ann));
    await messages.post({ orderId: order.id, customerId: ann.id, author: staffActor, body: 'hi', clientId: null, createdAt: new Date() });
    const views = new SequelizeOrderViews(counting.sequelize);
    counting.reset();
    expect((await views.findView(order.id, ann.id, { customerId: ann.id }))?.unreadCount).toBe(1);
    expect(counting.statements).toHaveLength(1);
    counting.reset();
    expect((await views.listViews({ limit: 50, customerId: ann.id }, ann.id)).items.map((v) => v.unreadCount)).toEqual([1]);
    expect(counting.statements).toHaveLength(1);
  });

  it('answers lookups made together in one statement, each with its own scope and viewer', async () => {
    const annOrder = await orders.insert(anOrder(ann));
    const bobOrder = await orders.insert(anOrder(bob));
    await messages.post({ orderId: annOrder.id, customerId: ann.id, author: staffActor, body: 'for ann', clientId: null, createdAt: new Date() });
    const views = new SequelizeOrderViews(counting.sequelize);
    counting.reset();
    const [asAnn, asBob, annPeeking, asStaff, missing, again] = await Promise.all([
      views.findView(annOrder.id, ann.id, { customerId: ann.id }),
      views.findView(bobOrder.id, bob.id, { customerId: bob.id }),
      views.findView(annOrder.id, bob.id, { customerId: bob.id }), // another customer's order: not found
      views.findView(annOrder.id, staffActor.id),
      views.findView(randomUUID(), staffActor.id),
      views.findView(annOrder.id, ann.id, { customerId: ann.id }),
    ]);
    expect(counting.statements).toHaveLength(1);
    expect([asAnn?.order.id, asAnn?.unreadCount]).toEqual([annOrder.id, 1]);
    expect([asBob?.order.id, asBob?.unreadCount]).toEqual([bobOrder.id, 0]);
    expect(annPeeking).toBeNull();
    expect([asStaff?.order.id, asStaff?.unreadCount]).toEqual([annOrder.id, 0]);
    expect(missing).toBeNull();
    expect(again?.order.snapshot()).toEqual(asAnn?.order.snapshot());
    expect(again?.order).not.toBe(asAnn?.order); // each caller its own copy
  });

  it('plans a batch as one primary-key lookup per row, whatever the plan cache chooses', async () => {
    await db.sequelize.query(
      `INSERT INTO orders (id, customer_id, customer_name, status, total_cents, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1::uuid, 'X', 'pending', 100, 'USD', now(), now() FROM generate_series(1, 20000)`,
      { bind: [ann.id] },
    );
    await db.sequelize.query('ANALYZE orders');
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      const plan = await db.sequelize.transaction(async (transaction) => {
        const run = (sql: string) => db.sequelize.query<{ 'QUERY PLAN': string }>(sql, { type: QueryTypes.SELECT, transaction });
        await run(`SET LOCAL plan_cache_mode = ${mode}`);
        await run(`PREPARE batch AS ${ORDER_VIEWS_BY_IDS.text}`);
        const ids = `ARRAY[${Array.from({ length: 50 }, () => `'${randomUUID()}'`).join(', ')}]::uuid[]`;
        const lines = (await run(`EXPLAIN EXECUTE batch(${ids}, array_fill(NULL::uuid, ARRAY[50]), array_fill('${ann.id}'::uuid, ARRAY[50]))`)).map((r) => r['QUERY PLAN']);
        await run('DEALLOCATE batch');
        return lines.join('\n');
      });
      expect(plan).toMatch(/Index Scan using orders_pkey on orders o/);
      expect(plan).not.toMatch(/Seq Scan on orders/);
    }
  });

  it('treats ids that are not uuids as missing (no query), and a viewer that is not a uuid as having nothing unread', async () => {
    const order = await orders.insert(anOrder(ann));
    const views = new SequelizeOrderViews(db.sequelize);
    expect(await views.findView('not-a-uuid', ann.id)).toBeNull();
    expect(await views.findView(order.id, ann.id, { customerId: 'nope' })).toBeNull();
    expect((await views.listViews({ limit: 5, customerId: 'nope' }, ann.id)).items).toEqual([]);
    expect((await views.findView(order.id, 'nope'))?.unreadCount).toBe(0);
  });

  it('lets connection errors through untouched (the app answers 503)', async () => {
    const down = createSequelize('postgres://postgres@127.0.0.1:1/nowhere');
    try {
      const err = await new SequelizeOrderViews(down).findView(randomUUID(), randomUUID()).catch((e: unknown) => e);
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await down.close();
    }
  });
});
