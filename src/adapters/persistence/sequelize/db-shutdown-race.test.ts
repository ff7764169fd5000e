import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSequelize, isDatabaseUnavailable } from './db.js';

/** A PostgreSQL backend message: type byte, int32 length (itself included), payload. */
function message(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([head, payload]);
}

const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
const readyForQuery = message('Z', Buffer.from('I'));
const adminShutdown = message('E', Buffer.from('SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0', 'latin1'));

/**
 * Answers every startup with a completed handshake and, in the same packet, the FATAL that
 * PostgreSQL sends to its sessions when it shuts down: the window between pg's connect
 * callback and Sequelize's own 'error' listener, which used to crash the process.
 */
function shuttingDownServer(): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      socket.write(Buffer.concat([authenticationOk, readyForQuery, adminShutdown]));
      socket.end();
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: net.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('createSequelize while PostgreSQL shuts down', () => {
  it('fails the query as unavailable when the server ends a connection as it opens, without an unhandled error', async () => {
    server = await shuttingDownServer();
    const { port } = server.address() as net.AddressInfo;
    const sequelize = createSequelize(`postgres://postgres@127.0.0.1:${port}/orderly`);
    const unhandled: unknown[] = [];
    const record = (err: unknown) => unhandled.push(err);
    process.prependListener('uncaughtException', record);
    try {
      const err = await sequelize.query('SELECT 1').then(() => undefined, (e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isDatabaseUnavailable(err)).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.removeListener('uncaughtException', record);
      await sequelize.close();
    }
  });
});
