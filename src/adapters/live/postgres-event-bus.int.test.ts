import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { eventBusContract } from '../../application/ports/event-bus.contract.js';
import { EVENTS_CHANNEL, PostgresEventBus, listenerConnection } from './postgres-event-bus.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const notify = (payload: string) =>
  db.sequelize.query('SELECT pg_notify(:channel, :payload)', { replacements: { channel: EVENTS_CHANNEL, payload }, type: QueryTypes.SELECT });

const newBus = () => new PostgresEventBus(listenerConnection(db.sequelize), { minRetryMs: 10, maxRetryMs: 50 });

describe('PostgresEventBus', () => {
  eventBusContract(async () => ({ bus: newBus(), commit: async (id) => void (await notify(id)) }));

  it('turns a notification that is not an event id into "catch up"', async () => {
    const bus = newBus();
    const heard: Array<string | null> = [];
    bus.subscribe((id) => heard.push(id));
    await bus.start();
    await notify('not-an-id');
    await notify('42');
    await vi.waitFor(() => expect(heard).toEqual([null, null, '42']));
    await bus.stop();
  });

  it('reconnects by itself after its backend is killed, says "catch up", and hears later notifications', async () => {
    const bus = newBus();
    const heard: Array<string | null> = [];
    bus.subscribe((id) => heard.push(id));
    await bus.start();
    await notify('1');
    await vi.waitFor(() => expect(heard).toEqual([null, '1']));

    const [killed] = await db.sequelize.query<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'orderly events listener'`,
      { type: QueryTypes.SELECT },
    );
    expect(killed).toBeDefined();
    await vi.waitFor(() => expect(heard).toEqual([null, '1', null]), { timeout: 5000 });
    expect(bus.live).toBe(true);

    await notify('2');
    await vi.waitFor(() => expect(heard).toEqual([null, '1', null, '2']));
    await bus.stop();
    const listeners = async () => {
      const [row] = await db.sequelize.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'orderly events listener'`,
        { type: QueryTypes.SELECT },
      );
      return row!.n;
    };
    await vi.waitFor(async () => expect(await listeners()).toBe(0));
  });
});
