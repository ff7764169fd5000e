import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anOrder, staffActor } from '../../../../test/mothers/order-mother.js';
import { freshCustomers } from '../../../../test/support/fresh-customers.js';
import { createTestDatabase, statementCountingPool, type StatementCountingPool, type TestDatabase } from '../../../../test/support/database.js';
import { messageRepositoryContract, type ChatOrder } from '../../../application/ports/message-repository.contract.js';
import { SequelizeEventLog } from './sequelize-event-log.js';
import { SequelizeMessageRepository } from './sequelize-message-repository.js';
import { SequelizeOrderRepository } from './sequelize-order-repository.js';

let db: TestDatabase;
let pool: StatementCountingPool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = statementCountingPool(db);
});
afterAll(async () => {
  await pool?.close();
  await db?.drop();
});

/** Empty tables, two customers, one order each (placed through the order repository). */
async function freshOrders(): Promise<[ChatOrder, ChatOrder]> {
  const [ann, bob] = await freshCustomers(db.sequelize);
  const orders = new SequelizeOrderRepository(db.sequelize);
  const [o1, o2] = [await orders.insert(anOrder(ann)), await orders.insert(anOrder(bob))];
  return [
    { id: o1.id, customer: { ...ann, role: 'customer' } },
    { id: o2.id, customer: { ...bob, role: 'customer' } },
  ];
}

messageRepositoryContract('SequelizeMessageRepository', async () => ({
  repo: new SequelizeMessageRepository(db.sequelize),
  events: new SequelizeEventLog(db.sequelize),
  orders: await freshOrders(),
}));

describe('SequelizeMessageRepository on PostgreSQL', () => {
  let o1: ChatOrder;
  let o2: ChatOrder;
  let repo: SequelizeMessageRepository;
  const post = (r: SequelizeMessageRepository, order: ChatOrder, clientId: string | null = null, author = staffActor) =>
    r.post({ orderId: order.id, customerId: order.customer.id, author, body: 'hi', clientId, createdAt: new Date() });
  const count = async (table: string) =>
    Number((await db.sequelize.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`, { type: QueryTypes.SELECT }))[0]!.n);
  beforeEach(async () => {
    [o1, o2] = await freshOrders();
    repo = new SequelizeMessageRepository(db.sequelize);
  });

  it('writes the message, then its event as the last statement before COMMIT; a retry writes nothing', async () => {
    const counting = new SequelizeMessageRepository(pool.sequelize);
    pool.reset();
    await post(counting, o1, 'c');
    expect(pool.statements.map((s) => s.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'START TRANSACTION;', 'INSERT INTO messages', 'INSERT INTO events', 'COMMIT;',
    ]);
    pool.reset();
    expect((await post(counting, o1, 'c')).created).toBe(false);
    expect(pool.statements.filter((s) => /^INSERT INTO events/.test(s))).toEqual([]);
    expect(await count('events WHERE type = $$message.created$$')).toBe(1);
  });

  it('takes the event customer from the order row, whatever the caller passed', async () => {
    await repo.post({ orderId: o1.id, customerId: o2.customer.id, author: staffActor, body: 'x', clientId: null, createdAt: new Date() });
    const [event] = await db.sequelize.query<{ customer_id: string }>("SELECT customer_id FROM events WHERE type = 'message.created'", { type: QueryTypes.SELECT });
    expect(event?.customer_id).toBe(o1.customer.id);
  });

  it('stores neither message nor event when the event cannot be written', async () => {
    await db.sequelize.query(`CREATE FUNCTION fail_event() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION 'no events today'; END $fn$;
      CREATE TRIGGER fail_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION fail_event()`);
    try {
      await expect(post(repo, o1, 'c')).rejects.toThrow(/no events today/);
      expect(await count('messages')).toBe(0);
    } finally {
      await db.sequelize.query('DROP TRIGGER fail_event ON events; DROP FUNCTION fail_event()');
    }
    expect((await post(repo, o1, 'c')).created).toBe(true);
  });

  it('counts unread messages for many orders, or many users, in one statement each', async () => {
    const orders = new SequelizeOrderRepository(db.sequelize);
    const more = [o1, o2];
    for (let i = 0; i < 8; i++) more.push({ id: (await orders.insert(anOrder(o1.customer))).id, customer: o1.customer });
    for (const [i, order] of more.entries()) for (let n = 0; n <= i % 3; n++) await post(repo, order);
    const counting = new SequelizeMessageRepository(pool.sequelize);
    pool.reset();
    const perOrder = await counting.unreadCounts(o1.customer.id, more.map((o) => o.id));
    expect(pool.statements).toHaveLength(1);
    expect([...perOrder.values()]).toEqual(more.map((_, i) => (i % 3) + 1));

    const users = [o1.customer.id, staffActor.id, ...Array.from({ length: 20 }, () => randomUUID())];
    pool.reset();
    const perUser = await counting.unreadCountsForUsers(more[2]!.id, [...users, 'not-a-uuid']);
    expect(pool.statements).toHaveLength(1);
    expect(perUser.get(staffActor.id)).toBe(0);
    expect(users.filter((u) => u !== staffActor.id).map((u) => perUser.get(u))).toEqual(users.slice(1).map(() => 3));
    expect(perUser.get('not-a-uuid')).toBe(0);

    pool.reset();
    expect((await counting.list(o1.id, { limit: 50 })).items).toHaveLength(1);
    expect(await counting.unreadCounts(o1.customer.id, ['not-a-uuid'])).toEqual(new Map([['not-a-uuid', 0]]));
    expect(pool.statements).toHaveLength(1); // the list; nothing valid to count
  });

  it('matches upper-case uuids to the counts of their rows', async () => {
    await post(repo, o1);
    const upper = o1.id.toUpperCase();
    expect(await repo.unreadCounts(o1.customer.id.toUpperCase(), [upper])).toEqual(new Map([[upper, 1]]));
  });
});
