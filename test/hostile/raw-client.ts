import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../src/server/http-server.js';
import type { RequestListener } from '../support/real-app.js';

export interface WireRequest {
  method: string;
  /** Path and query, exactly as they go on the request line. */
  target: string;
  /** Repeated names are sent as repeated header lines. */
  headers: Array<[string, string]>;
  body?: Buffer;
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean;
}

export interface WireResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** An event stream that was cut off after its headers. */
  streamCut: boolean;
}

/**
 * A bare HTTP/1.1 client over one keep-alive connection to the app, listening in-process
 * on the production server (createHttpServer):
 * unlike supertest it sends bodies on GET, repeated headers, odd methods and raw request
 * targets as given, and it does not start a server per request. An event stream's 200 is
 * cut off at its headers, so a hostile run never hangs on GET /api/events.
 */
export class RawClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private constructor(
    private readonly server: http.Server,
    private readonly port: number,
  ) {}

  static async start(listener: RequestListener): Promise<RawClient> {
    // The server main.ts listens with, so refusals by Node's own parser (431, 400) are checked too.
    const server = createHttpServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RawClient(server, (server.address() as AddressInfo).port);
  }

  async send(req: WireRequest, timeoutMs = 15_000): Promise<WireResponse> {
    try {
      return await this.attempt(req, timeoutMs);
    } catch (err) {
      // The keep-alive race: the server closed an idle connection (e.g. after refusing a body it did not read)
      // just as this request went out on it. Nothing reached the application; send it once more on a new one.
      if (!(err as { reusedSocket?: boolean }).reusedSocket) throw err;
      return this.attempt(req, timeoutMs);
    }
  }

  private attempt(req: WireRequest, timeoutMs: number): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of req.headers) {
        const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
        const previous = headers[key];
        headers[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
      }
      // Explicit framing: Node's client would send a GET body unframed, and the server would read it as the next request.
      if (req.body && req.chunked) headers['Transfer-Encoding'] = 'chunked';
      else if (req.body) headers['Content-Length'] = String(req.body.length);
      let settled = false;
      const done = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        request.destroy();
        done(() => reject(new Error(`no complete response within ${timeoutMs} ms: the request hung`)));
      }, timeoutMs);
      const request = http.request(
        { host: '127.0.0.1', port: this.port, method: req.method, path: req.target, headers, agent: this.agent, setHost: true },
        (res) => {
          const type = String(res.headers['content-type'] ?? '');
          if (res.statusCode === 200 && type.startsWith('text/event-stream')) {
            // A live stream: the refusals we care about happen before this point.
            res.destroy();
            request.destroy();
            done(() => resolve({ status: 200, headers: res.headers, text: '', body: undefined, streamCut: true }));
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => done(() => reject(err)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text === '' ? undefined : JSON.parse(text);
            } catch {
              body = undefined;
            }
            done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, streamCut: false }));
          });
        },
      );
      // The server may answer (413, 415, 401) before reading the body: a write error after that is no failure.
      request.on('error', (err: NodeJS.ErrnoException) => {
        const raced = request.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        done(() => reject(Object.assign(err, { reusedSocket: raced })));
      });
      if (req.body) {
        if (req.chunked) {
          for (let i = 0; i < req.body.length; i += 16_384) request.write(req.body.subarray(i, i + 16_384));
        } else request.write(req.body);
      }
      request.end();
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
