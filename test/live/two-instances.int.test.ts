import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAccounts, type DemoRole } from '../../scripts/lib/demo-accounts.js';
import { scratchDatabase, startServer, type RunningServer, type ScratchDatabase } from '../../scripts/lib/test-server.js';
import { generateEd25519Jwk } from '../../src/adapters/security/ed25519-jwk.js';
import { openEventStream, type SseConnection } from './sse-client.js';

/**
 * Two server processes on one PostgreSQL database: whatever is written through instance A
 * reaches the streams held by instance B (LISTEN/NOTIFY + the events table), filtered per
 * caller, and a client that drops and reconnects to B with Last-Event-ID gets exactly what it missed.
 */
let database: ScratchDatabase;
let a: RunningServer;
let b: RunningServer;
const streams: SseConnection[] = [];
const tokens: Record<'staff' | 'ann' | 'cat', string> = { staff: '', ann: '', cat: '' };

async function api(method: string, path: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${a.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown> & { id: string; token: string };
}

async function eventIdsAfter(id: string, customerId?: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id::text FROM events WHERE id > $1 AND ($2::uuid IS NULL OR customer_id = $2) ORDER BY id',
      [id, customerId ?? null],
    );
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

const open = async (token: string, lastEventId?: string) => {
  const s = await openEventStream(b.baseUrl, token, lastEventId ? { 'Last-Event-ID': lastEventId } : {});
  expect(s.status).toBe(200);
  streams.push(s);
  return s;
};
const beans = { items: [{ name: 'Espresso beans 1kg', quantity: 1, unitPriceCents: 1850 }] };

beforeAll(async () => {
  database = await scratchDatabase();
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, NODE_ENV: 'test', BCRYPT_COST: '4', JWT_PRIVATE_KEY: JSON.stringify(await generateEd25519Jwk()) };
  a = await startServer(env);
  b = await startServer(env); // after A: A ran the migrations
  const seeded = seedDemoAccounts(env);
  const login = async (role: DemoRole) => (await api('POST', '/api/auth/email-login', undefined, seeded[role])).token;
  tokens.staff = await login('staff');
  tokens.ann = await login('customer');
  tokens.cat = (await api('POST', '/api/auth/register', undefined, { email: 'cat@example.test', password: 'cat-password-1', name: 'Cat' })).token;
}, 120_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

describe('live events across two instances', () => {
  it('delivers A’s writes to B’s streams within a second, filtered, and replays exactly what a reconnecting client missed', async () => {
    const [staff, ann, cat] = [await open(tokens.staff), await open(tokens.ann), await open(tokens.cat)];

    const sent = Date.now();
    const order = await api('POST', '/api/orders', tokens.ann, beans);
    await staff.waitFor((e) => e.length === 1, 1000);
    const latencyMs = staff.arrivals.get(staff.events()[0]!.id)! - sent;
    console.log(`two-instance latency (A: POST /api/orders -> B: staff stream): ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(1000);
    expect(staff.events()[0]).toMatchObject({ event: 'order.created', data: { id: order.id, allowedTransitions: ['confirmed', 'cancelled'] } });
    await ann.waitFor((e) => e.length === 1, 1000);
    expect(ann.events()[0]!.data).toMatchObject({ id: order.id, allowedTransitions: ['cancelled'] });

    await api('PATCH', `/api/orders/${order.id}/status`, tokens.staff, { status: 'confirmed' });
    const message = await api('POST', `/api/orders/${order.id}/messages`, tokens.ann, { body: 'Ring twice, please', clientId: 'm-1' });
    await staff.waitFor((e) => e.length === 3, 1000);
    await ann.waitFor((e) => e.length === 3, 1000);
    expect(staff.events().map((e) => e.event)).toEqual(['order.created', 'order.updated', 'message.created']);
    expect(staff.events()[2]!.data).toEqual({ orderId: order.id, message });
    expect(ann.events()[1]!.data).toMatchObject({ status: 'confirmed', allowedTransitions: [] });

    // The staff client drops; meanwhile A writes three more events, one of them about another customer.
    staff.close();
    const lastSeen = staff.events().at(-1)!.id;
    await api('PATCH', `/api/orders/${order.id}/status`, tokens.staff, { status: 'preparing' });
    await api('POST', `/api/orders/${order.id}/messages`, tokens.staff, { body: 'On it' });
    const cats = await api('POST', '/api/orders', tokens.cat, beans);
    const missed = await eventIdsAfter(lastSeen);
    expect(missed).toHaveLength(3);

    const again = await open(tokens.staff, lastSeen);
    await again.waitFor((e) => e.length === 3, 1000);
    expect(again.events().map((e) => e.id)).toEqual(missed);
    await api('PATCH', `/api/orders/${cats.id}/status`, tokens.cat, { status: 'cancelled' });
    await again.waitFor((e) => e.length === 4, 1000);
    expect(new Set(again.events().map((e) => e.id)).size).toBe(4);

    // Cat saw only Cat's own order; Ann never saw Cat's.
    await cat.waitFor((e) => e.length === 2, 1000);
    expect(cat.events().every((e) => (e.data as { id: string }).id === cats.id)).toBe(true);
    expect(cat.events().map((e) => e.id)).toEqual(await eventIdsAfter('0', (cats.customer as { id: string }).id));
    await ann.waitFor((e) => e.length === 5, 1000);
    expect(ann.events().some((e) => (e.data as { id?: string }).id === cats.id)).toBe(false);
  });

  it('ends B’s streams with retry: 1000 when B shuts down gracefully', async () => {
    const staff = await open(tokens.staff);
    await staff.waitFor(() => staff.text().startsWith('retry: 3000'), 1000);
    expect(await b.stop()).toBe(0);
    await staff.ended;
    expect(staff.text().endsWith('retry: 1000\n\n')).toBe(true);
  });
});
