import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulShutdown } from '../../src/server/graceful-shutdown.js';

const logger = pino({ level: 'silent' });
let server: Server;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(() => server?.closeAllConnections());

describe('graceful shutdown', () => {
  it('finishes the in-flight request, refuses new ones, then runs the close steps in order', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const url = await listen((_req, res) => {
      arrived();
      setTimeout(() => res.end('done'), 300);
    });
    const steps: string[] = [];
    const shutdown = gracefulShutdown({
      server, logger, timeoutMs: 5000,
      beforeClose: [() => void steps.push('streams')],
      afterClose: [async () => void steps.push('pool'), async () => void steps.push('database')],
    });

    const slow = fetch(url).then(async (r) => ({ status: r.status, text: await r.text() }));
    await inFlight;
    const stopping = shutdown();
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(url)).rejects.toThrow();
    expect(await slow).toEqual({ status: 200, text: 'done' });
    await stopping;
    expect(steps).toEqual(['streams', 'pool', 'database']);
  });

  it('cuts requests that outlive the timeout, then still closes everything', async () => {
    const url = await listen(() => {
      /* never answers */
    });
    const steps: string[] = [];
    const shutdown = gracefulShutdown({ server, logger, timeoutMs: 200, afterClose: [async () => void steps.push('pool')] });
    const hanging = fetch(url).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await shutdown();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(steps).toEqual(['pool']);
  });

  it('still runs the later close steps when one fails, also by throwing at once', async () => {
    await listen((_req, res) => res.end());
    const steps: string[] = [];
    const shutdown = gracefulShutdown({
      server, logger, timeoutMs: 100,
      afterClose: [
        () => {
          throw new TypeError('close is not a function');
        },
        async () => Promise.reject(new Error('pool already gone')),
        async () => void steps.push('database'),
      ],
    });
    await shutdown();
    expect(steps).toEqual(['database']);
  });

  it('runs once however often it is asked', async () => {
    await listen((_req, res) => res.end());
    let closes = 0;
    const shutdown = gracefulShutdown({ server, logger, timeoutMs: 100, afterClose: [async () => void closes++] });
    await Promise.all([shutdown(), shutdown()]);
    expect(closes).toBe(1);
  });
});

describe('graceful shutdown with a client that hung up', () => {
  it('waits for the abandoned handler before closing the pool', async () => {
    const { createApp } = await import('../../src/adapters/http/app.js');
    const { publicRoute } = await import('../../src/adapters/http/route.js');
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inHandler = new Promise<void>((r) => (entered = r));
    const slow = publicRoute({
      method: 'get', path: '/api/slow', summary: 'x', tags: ['x'], responses: { 200: { description: 'x' } },
      handler: async () => {
        entered();
        await gate;
        return { status: 200, body: {} };
      },
    });
    const http = createApp({ routes: [slow], logger });
    server = createServer(http.app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/slow`;
    const abort = new AbortController();
    const request = fetch(url, { signal: abort.signal }).catch(() => undefined);
    await inHandler;
    abort.abort();
    await request;
    const steps: string[] = [];
    const stopping = gracefulShutdown({ server, logger, inFlight: http.inFlight, timeoutMs: 5000, afterClose: [async () => void steps.push('pool')] })();
    await new Promise((r) => setTimeout(r, 200));
    expect(steps).toEqual([]);
    release();
    await stopping;
    expect(steps).toEqual(['pool']);
  });
});

/** One request on `agent`; resolves with the status and the Connection header, rejects on a transport error. */
function send(agent: Agent, url: string, method = 'GET', body?: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, method, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('graceful shutdown with keep-alive clients (a proxy in front)', () => {
  it('answers a request sent on an idle keep-alive connection as shutdown begins, with Connection: close, instead of resetting it', async () => {
    // The race a proxy loses: its pooled connection is idle, the server begins to shut down
    // and the proxy writes a POST on that very connection. Closing idle connections at once
    // resets it, and a proxy never re-sends a POST that may have reached the server: 502.
    const url = await listen((req, res) => {
      req.resume();
      req.on('end', () => res.end('done'));
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await send(agent, url)).toEqual({ status: 200, connection: 'keep-alive' });
      const stopping = gracefulShutdown({ server, logger, timeoutMs: 5000 })();
      expect(await send(agent, url, 'POST', '{"a":1}')).toEqual({ status: 200, connection: 'close' });
      await stopping;
      await expect(send(agent, url)).rejects.toThrow(); // and no new connection is accepted
    } finally {
      agent.destroy();
    }
  });

  it('still stops within the keep-alive timeout when a client keeps an idle connection open', async () => {
    const url = await listen((_req, res) => res.end('done'));
    server.keepAliveTimeout = 300;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await send(agent, url);
      const started = Date.now();
      await gracefulShutdown({ server, logger, timeoutMs: 5000 })();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      agent.destroy();
    }
  });
});
