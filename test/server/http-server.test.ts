import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';

/** Found by test/hostile: requests Node's parser refuses went out as bare text responses, without the envelope. */
let server: Server;
let port: number;

beforeAll(async () => {
  server = createHttpServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Writes raw bytes and reads until the server closes the connection. */
function exchange(raw: string): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, body] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head!.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body!) });
    });
    socket.end(raw);
  });
}

describe('refusals by the HTTP parser', () => {
  it.each([
    ['headers over 16 KiB', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'bad_request'],
    ['a header name with a space', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n', 400, 'bad_request'],
    ['both Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'bad_request'],
  ])('answer %s in the error envelope with the security headers', async (_what, raw, status, code) => {
    const res = await exchange(raw);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toEqual({ error: { code, message: expect.any(String), requestId: res.headers['x-request-id'] } });
  });

  it('answers a refused HEAD with headers only, as HEAD responses are (found by test/hostile)', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.end(`HEAD /api/health?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/\r\nContent-Length: \d+/);
    expect(body).toBe('');
  });

  it('lets go of a refused connection even when the client keeps its side open', async () => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    const answered = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.resume();
    socket.write('GARBAGE\r\n\r\n');
    await answered; // our FIN arrived; this client does not send its own
    await expect.poll(() => new Promise<number>((resolve) => server.getConnections((_err, n) => resolve(n))), { timeout: 2000 }).toBe(0);
    socket.destroy();
  });
});
