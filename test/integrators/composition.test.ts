// (b) The integrator's adapters bound in the composition root, and the application using them
// over HTTP: the login refusals come from the custom throttle, the live events travel on the
// custom bus. docs/ADAPTERS.md quotes the `bind` region below.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEventHub } from '../../src/adapters/live/live-event-hub.js';
import type { Logger } from '../../src/adapters/logging/logger.js';
import type { InMemoryEventLog } from '../../src/adapters/persistence/in-memory/in-memory-event-log.js';
import type { EventBus } from '../../src/application/ports/event-log.js';
import type { LoginThrottle } from '../../src/application/ports/login-throttle.js';
import { TOKENS } from '../../src/tokens.js';
import { openEventStream } from '../live/sse-client.js';
import { buildInMemoryApp, type InMemoryApp } from '../support/in-memory-app.js';
import { BroadcastChannelAnnouncer, BroadcastChannelEventBus } from './broadcast-channel-event-bus.js';
import { SlidingWindowLoginThrottle } from './sliding-window-login-throttle.js';

let app: InMemoryApp;
let throttle: SlidingWindowLoginThrottle;
let bus: BroadcastChannelEventBus;
let announcer: BroadcastChannelAnnouncer;
/** The writer's side of the bus: the in-memory event log announces each append while this is true. */
let announcing = true;
let server: Server;
let baseUrl: string;

beforeEach(async () => {
  const channel = `orderly-events-${randomUUID()}`;
  // #region bind
  throttle = new SlidingWindowLoginThrottle({ maxConsecutiveFailures: 2, blockSeconds: 120, maxFailuresPerIpPerDay: 50 });
  // buildInMemoryApp = buildContainer(...) with the database-backed ports rebound to in-memory
  // adapters; it then calls this function, before anything is resolved from the container.
  app = buildInMemoryApp({}, (container) => {
    // An instance you built yourself:
    container.rebind<LoginThrottle>(TOKENS.LoginThrottle).toConstantValue(throttle);
    // Or one built from other bindings, once, when first needed (the container's scope is singleton):
    container.rebind<EventBus>(TOKENS.EventBus).toResolvedValue(
      (logger: Logger) => new BroadcastChannelEventBus(channel, (err) => logger.error({ err }, 'live event listener failed')),
      [TOKENS.Logger],
    );
  });
  // #endregion bind
  bus = app.container.get<BroadcastChannelEventBus>(TOKENS.EventBus);
  announcer = new BroadcastChannelAnnouncer(channel);
  announcing = true;
  app.container.get<InMemoryEventLog>(TOKENS.EventLog).onAppend((event) => {
    if (announcing) announcer.announce(event.id);
  });
  server = createServer(app.http.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await app.container.get<LiveEventHub>(TOKENS.LiveEventHub).shutdown();
  announcer.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function register(email: string, password: string): Promise<string> {
  const res = await post('/api/auth/register', { email, password, name: 'Ann' });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

describe('the container serves the integrator’s adapters', () => {
  it('resolves the rebound tokens to them', () => {
    expect(app.container.get(TOKENS.LoginThrottle)).toBe(throttle);
    expect(app.container.get(TOKENS.EventBus)).toBeInstanceOf(BroadcastChannelEventBus);
    expect(app.container.get(TOKENS.EventBus)).toBe(bus); // resolved once
  });
});

describe('POST /api/auth/email-login goes through the custom LoginThrottle', () => {
  it('refuses the third attempt after two failures (its limit, not the configured 10), with its Retry-After', async () => {
    const email = 'ann@example.test';
    await register(email, 'the right password');
    for (let i = 0; i < 2; i++) expect((await post('/api/auth/email-login', { email, password: 'a wrong password' })).status).toBe(401);

    const refused = await post('/api/auth/email-login', { email, password: 'the right password' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(refused.headers.get('retry-after')).toBe('120');
    expect(throttle.refused).toEqual([{ email, ip: expect.any(String), retryAfterSeconds: 120 }]);
  });

  it('ignores a rebind made after the application was resolved: rebind first, then get', async () => {
    const late = new SlidingWindowLoginThrottle({ maxConsecutiveFailures: 1, blockSeconds: 60, maxFailuresPerIpPerDay: 50 });
    app.container.rebind<LoginThrottle>(TOKENS.LoginThrottle).toConstantValue(late);
    const email = 'dan@example.test';
    await register(email, 'the right password');
    for (let i = 0; i < 2; i++) expect((await post('/api/auth/email-login', { email, password: 'a wrong password' })).status).toBe(401);
    expect((await post('/api/auth/email-login', { email, password: 'a wrong password' })).status).toBe(429);
    expect(late.refused).toEqual([]);
    expect(throttle.refused).toHaveLength(1);
  });
});

describe('GET /api/events is fed by the custom EventBus', () => {
  const beans = { items: [{ name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 }] };

  it('streams an order placed over HTTP, announced on the BroadcastChannel bus', async () => {
    const token = await register('bob@example.test', 'a good password');
    const stream = await openEventStream(baseUrl, token);
    expect(stream.status).toBe(200);

    const placed = await post('/api/orders', beans, token);
    expect(placed.status).toBe(201);
    expect(placed.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await stream.waitFor((events) => events.length === 1);
    expect(event).toMatchObject({ event: 'order.created' });
    expect(event!.data).toMatchObject({ id: placed.body.id });
    expect(bus.delivered).toEqual([event!.id]);
    stream.close();
  });

  it('reads nothing new until the bus announces it: the hub has no other way to learn of events', async () => {
    const token = await register('cat@example.test', 'a good password');
    const stream = await openEventStream(baseUrl, token);
    announcing = false;

    const placed = await post('/api/orders', beans, token);
    expect(placed.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.events()).toEqual([]);

    // Any BroadcastChannel of that name will do: here, a second writer (another thread could).
    const latest = (await app.container.get<InMemoryEventLog>(TOKENS.EventLog).latestId())!;
    const otherWriter = new BroadcastChannelAnnouncer(bus.name);
    otherWriter.announce(latest);
    otherWriter.close();
    const [event] = await stream.waitFor((events) => events.length === 1);
    expect(event).toMatchObject({ id: latest, event: 'order.created' });
    stream.close();
  });
});
