import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_SECURITY_HEADERS } from '../adapters/http/middleware/security-headers.js';

interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** What Node's HTTP parser refuses before the application sees a request. */
function refusalFor(err: NodeJS.ErrnoException): Refusal {
  if (err.code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'headers_too_large', message: 'The request line and headers must be at most 16 KiB.' };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' };
  return { status: 400, code: 'bad_request', message: 'The request is not valid HTTP/1.1.' };
}

/**
 * Whether the refused request is a HEAD, as far as its bytes tell: a response to HEAD has
 * headers only (RFC 9110 9.3.2), and a client reads body bytes sent anyway as garbage
 * after the response. The request line is in the chunk the parser failed on whenever it
 * fails on the request line or headers of a request sent in one piece.
 */
function refusedHead(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): boolean {
  return err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
}

/** A complete HTTP/1.1 response in the contract's error envelope, for a socket that has no Koa context. */
export function rawErrorResponse({ status, code, message }: Refusal, options: { head?: boolean } = {}): string {
  const requestId = randomUUID();
  const body = JSON.stringify({ error: { code, message, requestId } });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Request-Id': requestId,
    ...API_SECURITY_HEADERS,
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n${options.head ? '' : body}`;
}

/**
 * The HTTP server main.ts listens with. Node answers a request its parser refuses
 * (headers over 16 KiB, malformed HTTP, a request that never finished arriving) itself,
 * with an empty text response; here those answers carry the error envelope and security
 * headers too, like every other non-2xx (API.md, Error envelope).
 */
export function createHttpServer(listener: RequestListener): Server {
  const server = createServer(listener);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset connection, or one whose response has already begun, cannot be answered.
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    // Our side ends with the answer; destroy too, or a client that keeps its side open holds
    // the socket (and every graceful shutdown waits for it until the timeout).
    socket.end(rawErrorResponse(refusalFor(err), { head: refusedHead(err) }), () => socket.destroy());
  });
  return server;
}
