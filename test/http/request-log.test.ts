import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/adapters/http/app.js';
import { publicRoute } from '../../src/adapters/http/route.js';
import { UnavailableError } from '../../src/application/errors.js';

function capturingLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

describe('structured request log', () => {
  it('writes request id, method, route, status and duration, and never credentials', async () => {
    const { logger, lines } = capturingLogger();
    const login = publicRoute({
      method: 'post', path: '/api/probe/login/:tenant', summary: 'x', tags: ['x'],
      params: z.object({ tenant: z.string() }),
      body: z.strictObject({ email: z.string(), password: z.string() }),
      responses: { 200: { description: 'ok' } },
      handler: async () => ({ status: 200, body: { token: 'eyJhbGciOi.secret-token.sig' } }),
    });
    const { app } = createApp({ routes: [login], logger });
    await request(app.callback())
      .post('/api/probe/login/acme?token=query-token')
      .set('Authorization', 'Bearer header-token-123')
      .set('X-Request-Id', 'log-test-1')
      .send({ email: 'ann@example.com', password: 'hunter2-password' })
      .expect(200);
    await new Promise((r) => setImmediate(r));

    const entry = lines.find((l) => l.requestId === 'log-test-1');
    expect(entry).toMatchObject({ method: 'POST', route: '/api/probe/login/:tenant', status: 200, durationMs: expect.any(Number) });
    const all = JSON.stringify(lines);
    for (const secret of ['header-token-123', 'hunter2-password', 'secret-token', 'query-token', 'Bearer']) {
      expect(all).not.toContain(secret);
    }
  });

  it('logs a 503 (unavailable, recovers by itself) as a warning and any other 5xx as an error', async () => {
    const { logger, lines } = capturingLogger();
    const probe = (path: string, error: Error) =>
      publicRoute({
        method: 'get', path, summary: 'x', tags: ['x'], responses: { 200: { description: 'ok' } },
        handler: async () => {
          throw error;
        },
      });
    const routes = [probe('/api/probe/away', new UnavailableError('The database is unavailable.')), probe('/api/probe/bug', new TypeError('a bug'))];
    const { app } = createApp({ routes, logger });
    await request(app.callback()).get('/api/probe/away').set('X-Request-Id', 'away-1');
    await request(app.callback()).get('/api/probe/bug').set('X-Request-Id', 'bug-1');
    await new Promise((r) => setImmediate(r));
    const levelOf = (id: string) => lines.find((l) => l.requestId === id && typeof l.status === 'number');
    expect(levelOf('away-1')).toMatchObject({ status: 503, level: 40 });
    expect(levelOf('bug-1')).toMatchObject({ status: 500, level: 50 });
  });

  it('at LOG_LEVEL=warn writes the refusals and failures but no line for an answered request', async () => {
    const { logger, lines } = capturingLogger('warn');
    const routes = [
      publicRoute({ method: 'get', path: '/api/probe/fine', summary: 'x', tags: ['x'], responses: { 200: { description: 'ok' } }, handler: async () => ({ status: 200, body: {} }) }),
      publicRoute({
        method: 'get', path: '/api/probe/away', summary: 'x', tags: ['x'], responses: { 200: { description: 'ok' } },
        handler: async () => {
          throw new UnavailableError('The database is unavailable.');
        },
      }),
    ];
    const { app } = createApp({ routes, logger });
    await request(app.callback()).get('/api/probe/fine').set('X-Request-Id', 'fine-1').expect(200);
    await request(app.callback()).get('/api/probe/away').set('X-Request-Id', 'away-2').expect(503);
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.requestId)).toEqual(['away-2']);
    expect(lines[0]).toMatchObject({ status: 503, level: 40, route: '/api/probe/away' });
  });
});
