import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { eventLogContract } from '../../../application/ports/event-log.contract.js';
import { SequelizeEventLog } from './sequelize-event-log.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

eventLogContract('SequelizeEventLog', async () => {
  await db.sequelize.query('TRUNCATE events');
  return {
    log: new SequelizeEventLog(db.sequelize),
    // One transaction per event, as the repositories write them (the id comes from the trigger).
    async append(type, orderId, customerId, payload, createdAt) {
      const [row] = await db.sequelize.query<{ id: string }>(
        `INSERT INTO events (type, order_id, customer_id, payload, created_at)
         VALUES ($1, $2, $3, $4::jsonb, coalesce($5::timestamptz, now())) RETURNING id::text AS id`,
        { bind: [type, orderId, customerId, JSON.stringify(payload), createdAt ?? null], type: QueryTypes.SELECT },
      );
      return row!.id;
    },
  };
});
