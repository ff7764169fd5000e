import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEventStream } from './sse-client.js';
import { startLiveApp } from './live-app.js';

let app: Awaited<ReturnType<typeof startLiveApp>>;
beforeEach(async () => {
  app = await startLiveApp({ EVENTS_MAX_STREAMS_PER_USER: '2', EVENTS_RECHECK_SECONDS: '1' });
});
afterEach(async () => {
  await app.stop();
});

const beans = { items: [{ name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 }] };
const withoutHistory = ({ history: _history, ...rest }: Record<string, unknown>) => rest;

describe('GET /api/events: refusals come before any byte of the stream', () => {
  it('answers a request without a token with the 401 JSON envelope', async () => {
    const res = await fetch(`${app.baseUrl}/api/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('never takes the token from the query string', async () => {
    const { token } = await app.signIn('staff', 'Sam');
    const res = await fetch(`${app.baseUrl}/api/events?access_token=${token}`);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('retry:');
  });

  it('answers a Last-Event-ID that is not an event id with 400 bad_request', async () => {
    const { token } = await app.signIn('staff', 'Sam');
    const res = await fetch(`${app.baseUrl}/api/events`, { headers: { Authorization: `Bearer ${token}`, 'Last-Event-ID': 'abc' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('answers the stream over the per-user limit with 429 rate_limited and Retry-After', async () => {
    const { token } = await app.signIn('customer', 'Ann');
    const open = [await openEventStream(app.baseUrl, token), await openEventStream(app.baseUrl, token)];
    const res = await fetch(`${app.baseUrl}/api/events`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    open[0]!.close();
    await expect.poll(() => app.hub.streamCount).toBe(1);
    const again = await openEventStream(app.baseUrl, token);
    expect(again.status).toBe(200);
  });
});

describe('GET /api/events: the stream', () => {
  it('is text/event-stream, uncached and unbuffered, starts with retry: 3000 and a resume point, and gets a request-log line when it ends', async () => {
    const { token } = await app.signIn('staff', 'Sam');
    const stream = await openEventStream(app.baseUrl, token, { 'X-Request-Id': 'sse-log-1' });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('x-request-id')).toBe('sse-log-1');
    await expect.poll(() => stream.text()).toBe('retry: 3000\n\nid: 0\n\n'); // no event yet: resume from before the first
    await app.hub.shutdown();
    await stream.ended;
    expect(stream.text()).toBe('retry: 3000\n\nid: 0\n\nretry: 1000\n\n');
    await expect.poll(() => app.logLines.find((l) => l.requestId === 'sse-log-1')).toMatchObject({ route: '/api/events', status: 200 });
  });

  it('answers HEAD with the stream headers and opens no stream (RFC 9110)', async () => {
    const { token } = await app.signIn('staff', 'Sam');
    const res = await fetch(`${app.baseUrl}/api/events`, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe('');
    expect(app.hub.streamCount).toBe(0);
  });

  it('replays after Last-Event-ID, then goes live, each order as that caller would GET it', async () => {
    const ann = await app.signIn('customer', 'Ann');
    const bob = await app.signIn('customer', 'Bob');
    const sam = await app.signIn('staff', 'Sam');
    await app.call('POST', '/api/orders', ann.token, beans);
    const seen = (await app.log.latestId())!;
    const bobs = (await app.call('POST', '/api/orders', bob.token, beans)).body!;
    const anns = (await app.call('POST', '/api/orders', ann.token, beans)).body!;

    const annStream = await openEventStream(app.baseUrl, ann.token, { 'Last-Event-ID': seen });
    const samStream = await openEventStream(app.baseUrl, sam.token, { 'Last-Event-ID': seen });
    await annStream.waitFor((e) => e.length === 1);
    await samStream.waitFor((e) => e.length === 2);
    expect(annStream.events()[0]).toMatchObject({ event: 'order.created', data: withoutHistory(anns) });
    expect(samStream.events().map((e) => (e.data as { id: string }).id)).toEqual([bobs.id, anns.id]);

    await app.call('PATCH', `/api/orders/${anns.id as string}/status`, sam.token, { status: 'confirmed' });
    const asAnn = (await app.call('GET', `/api/orders/${anns.id as string}`, ann.token)).body!;
    const asSam = (await app.call('GET', `/api/orders/${anns.id as string}`, sam.token)).body!;
    await annStream.waitFor((e) => e.length === 2);
    await samStream.waitFor((e) => e.length === 3);
    expect(annStream.events()[1]).toMatchObject({ event: 'order.updated', data: withoutHistory(asAnn) });
    expect(samStream.events()[2]).toMatchObject({ event: 'order.updated', data: withoutHistory(asSam) });
    expect(asAnn.allowedTransitions).toEqual([]);
    expect(asSam.allowedTransitions).toEqual(['preparing', 'cancelled']);
  });

  it('sends a chat message to the owner and staff as { orderId, message }, not to other customers', async () => {
    const ann = await app.signIn('customer', 'Ann');
    const bob = await app.signIn('customer', 'Bob');
    const sam = await app.signIn('staff', 'Sam');
    const order = (await app.call('POST', '/api/orders', ann.token, beans)).body!;
    const [annStream, bobStream, samStream] = [
      await openEventStream(app.baseUrl, ann.token),
      await openEventStream(app.baseUrl, bob.token),
      await openEventStream(app.baseUrl, sam.token),
    ];
    const posted = await app.call('POST', `/api/orders/${order.id as string}/messages`, sam.token, { body: 'Shipping <b>tomorrow</b>\nok?' });
    expect(posted.status).toBe(201);
    for (const s of [annStream, samStream]) {
      await s.waitFor((e) => e.length === 1);
      expect(s.events()[0]).toMatchObject({ event: 'message.created', data: { orderId: order.id, message: posted.body } });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(bobStream.events()).toEqual([]);
  });

  it('ends the stream once the token is revoked (re-checked every second here)', async () => {
    const ann = await app.signIn('customer', 'Ann');
    const stream = await openEventStream(app.baseUrl, ann.token);
    expect((await app.call('POST', '/api/auth/revoke-all', ann.token)).status).toBe(204);
    await stream.ended;
    expect(app.hub.streamCount).toBe(0);
  });

  it('ends the stream when the token expires', async () => {
    const ann = await app.signIn('customer', 'Ann', -(1800 - 1) * 1000); // a 30-minute token with 1 s left
    const stream = await openEventStream(app.baseUrl, ann.token);
    expect(stream.status).toBe(200);
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
