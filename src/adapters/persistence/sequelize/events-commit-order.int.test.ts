import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { createSequelize } from './db.js';
import { SequelizeEventLog } from './sequelize-event-log.js';

const ORDER = '5d1c0d4e-0000-4000-8000-000000000001';
const CUSTOMER = '5d1c0d4e-0000-4000-8000-000000000002';

let db: TestDatabase;
let writers: Sequelize; // enough connections for many open transactions at once
let listener: pg.Client;
let notified: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  writers = createSequelize(db.url, { poolMax: 12 });
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (n) => notified.push(n.payload ?? ''));
  await listener.query('LISTEN orderly_events');
});
afterAll(async () => {
  await listener?.end();
  await writers?.close();
  await db?.drop();
});

/** Transactions a test opened by hand; whatever a failing test left open is rolled back. */
let open: Transaction[] = [];
const begin = async () => {
  const transaction = await writers.transaction();
  open.push(transaction);
  return transaction;
};
const insertEvent = async (transaction: Transaction) => {
  const [row] = await writers.query<{ id: string }>(
    `INSERT INTO events (type, order_id, customer_id, payload) VALUES ('order.updated', $1, $2, '{}') RETURNING id::text AS id`,
    { bind: [ORDER, CUSTOMER], type: QueryTypes.SELECT, transaction },
  );
  return row!.id;
};
const visible = async () => (await new SequelizeEventLog(db.sequelize).readAfter(null, 1000)).map((e) => e.id);
const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await sleep(10);
  expect(await check()).toBe(true);
};
const waitingOnAdvisoryLock = async () =>
  (await db.sequelize.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()", { type: QueryTypes.SELECT })).length > 0;

describe('events become visible strictly in id order (events-commit-order migration)', () => {
  beforeEach(async () => {
    await db.sequelize.query('TRUNCATE events');
    notified = [];
  });
  afterEach(async () => {
    await Promise.all(open.filter((t) => !(t as { finished?: string }).finished).map((t) => t.rollback()));
    open = [];
  });

  it('makes a second writer wait until the first commits, then gives it the larger id', async () => {
    const first = await begin();
    const second = await begin();
    const firstId = await insertEvent(first); // inserts first ...
    const secondId = insertEvent(second);
    await waitFor(waitingOnAdvisoryLock); // ... so the second cannot even draw its id yet
    expect(await visible()).toEqual([]);

    await sleep(50); // give a notification time to (wrongly) arrive
    expect(notified).toEqual([]);
    await first.commit(); // ... and commits before the second can
    const laterId = await secondId;
    expect(BigInt(laterId)).toBeGreaterThan(BigInt(firstId));
    expect(await visible()).toEqual([firstId]);
    await second.commit();
    expect(await visible()).toEqual([firstId, laterId]);
    await waitFor(async () => notified.length === 2);
    expect(notified).toEqual([firstId, laterId]); // NOTIFY carries the id, delivered on commit
  });

  it('gives a transaction that began first but writes its event last the larger id', async () => {
    const early = await begin();
    await writers.query('SELECT 1', { transaction: early }); // busy with its other rows
    const late = await begin();
    const lateId = await insertEvent(late);
    await late.commit();
    const earlyId = await insertEvent(early);
    await early.commit();
    expect(BigInt(earlyId)).toBeGreaterThan(BigInt(lateId));
    expect(await visible()).toEqual([lateId, earlyId]);
  });

  it('notifies nothing for a rolled-back event, and the id it drew is just a gap', async () => {
    const doomed = await begin();
    const lostId = await insertEvent(doomed);
    await doomed.rollback();
    const kept = await begin();
    const keptId = await insertEvent(kept);
    await kept.commit();
    expect(BigInt(keptId)).toBeGreaterThan(BigInt(lostId));
    await waitFor(async () => notified.length === 1);
    expect(notified).toEqual([keptId]);
  });

  it('never lets a reader polling "after the last id" skip an event, under 40 racing writers', async () => {
    const committed: string[] = [];
    let done = false;
    const write = async () => {
      const id = await writers.transaction(async (transaction) => {
        const drawn = await insertEvent(transaction);
        await sleep(Math.random() * 15); // commits in a random order relative to id order ...
        return drawn;
      });
      committed.push(id);
    };
    const log = new SequelizeEventLog(db.sequelize);
    const seen: string[] = [];
    const read = async () => {
      for (let last: string | null = null; ; ) {
        const finished = done;
        const batch = await log.readAfter(last, 7);
        seen.push(...batch.map((e) => e.id));
        last = batch.at(-1)?.id ?? last;
        if (finished && batch.length === 0) return;
        if (batch.length === 0) await sleep(1);
      }
    };
    const reader = read();
    await Promise.all(Array.from({ length: 40 }, write));
    done = true;
    await reader;
    // ... yet the reader, which only ever asks for ids after the last one it saw, got them all.
    expect(seen).toHaveLength(40);
    expect(seen).toEqual([...committed].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
  });
});
