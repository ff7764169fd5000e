import { createServer, type Server } from 'node:http';
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
