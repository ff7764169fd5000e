import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { databaseHealthContract } from '../../../application/ports/database-health.contract.js';
import { createSequelize } from './db.js';
import { SequelizeDatabaseHealth } from './sequelize-database-health.js';

const DEADLINE_MS = 300;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

databaseHealthContract(
  'SequelizeDatabaseHealth',
  async (state) => {
    if (state === 'serving') return { health: new SequelizeDatabaseHealth(db.sequelize, DEADLINE_MS) };
    // A server that accepts connections and never says a word, like a stuck PostgreSQL.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    const port = state === 'hanging' ? await listen(silent) : await closedPort();
    const sequelize = createSequelize(`postgres://postgres@127.0.0.1:${port}/orderly`, { poolMax: 1 });
    return {
      health: new SequelizeDatabaseHealth(sequelize, DEADLINE_MS),
      async dispose() {
        for (const socket of sockets) socket.destroy();
        if (silent.listening) await new Promise((resolve) => silent.close(resolve));
        await sequelize.close();
      },
    };
  },
  { answerWithinMs: DEADLINE_MS + 700 },
);
