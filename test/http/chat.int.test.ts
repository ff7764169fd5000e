import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealApp, seedAccounts, type RealApp } from '../support/real-app.js';

/** The Chat section of API.md over HTTP on the real stack. */
let app: RealApp;
const tokens = {} as Record<'customer' | 'other' | 'staff', string>;
let orderId: string;

const api = () => request(app.server);
const as = (who: keyof typeof tokens) => `Bearer ${tokens[who]}`;
const post = (who: keyof typeof tokens, body: unknown, id = orderId) =>
  api().post(`/api/orders/${id}/messages`).set('Authorization', as(who)).send(body as object);
const page = (who: keyof typeof tokens, query = '') => api().get(`/api/orders/${orderId}/messages${query}`).set('Authorization', as(who));
const count = async (table: 'messages' | 'events') =>
  (await app.db.sequelize.query<{ n: number }>(`select count(*)::int as n from ${table}`, { type: QueryTypes.SELECT }))[0]!.n;

beforeAll(async () => {
  app = await buildRealApp();
  const seeded = await seedAccounts(app);
  for (const role of ['customer', 'staff'] as const) tokens[role] = (await api().post('/api/auth/email-login').send(seeded[role])).body.token;
  tokens.other = (await api().post('/api/auth/register').send({ email: 'dan@example.test', password: 'dans password', name: 'Dan' })).body.token;
  orderId = (await api().post('/api/orders').set('Authorization', as('customer')).send({ items: [{ name: 'Beans', quantity: 1, unitPriceCents: 100 }] })).body.id;
});
afterAll(() => app?.close());

describe('chat over HTTP', () => {
  it('returns HTML verbatim, as text', async () => {
    const res = await post('customer', { body: '<img src=x onerror=alert(1)>' });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe('<img src=x onerror=alert(1)>');
    expect((await page('staff')).body.items.at(-1).body).toBe('<img src=x onerror=alert(1)>');
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['4001 characters', 'x'.repeat(4001)],
    ['only spaces', '    '],
  ])('refuses %s with 422 and writes nothing', async (_what, body) => {
    const before = [await count('messages'), await count('events')];
    const res = await post('customer', { body });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('body');
    expect([await count('messages'), await count('events')]).toEqual(before);
  });

  it('answers a retried clientId with the first message (200), storing one message and one event', async () => {
    const before = [await count('messages'), await count('events')];
    const first = await post('customer', { body: 'hello?', clientId: 'retry-1' });
    const retries = await Promise.all([1, 2, 3].map(() => post('customer', { body: 'hello?', clientId: 'retry-1' })));
    expect(first.status).toBe(201);
    expect(retries.map((r) => [r.status, r.body.id])).toEqual(retries.map(() => [200, first.body.id]));
    expect([await count('messages'), await count('events')]).toEqual([before[0]! + 1, before[1]! + 1]);
  });

  it("refuses another customer with 404, writing nothing", async () => {
    const before = await count('messages');
    expect((await post('other', { body: 'let me in' })).status).toBe(404);
    expect((await page('other')).status).toBe(404);
    expect(await count('messages')).toBe(before);
  });

  it('pages 120 messages newest-first by cursor, each exactly once, oldest first within a page', async () => {
    const fresh = (await api().post('/api/orders').set('Authorization', as('customer')).send({ items: [{ name: 'Tea', quantity: 1, unitPriceCents: 100 }] })).body.id;
    const sent: string[] = [];
    for (let i = 0; i < 120; i++) sent.push((await post(i % 2 ? 'staff' : 'customer', { body: `m${i}` }, fresh)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await api().get(`/api/orders/${fresh}/messages?limit=50${cursor ? `&before=${cursor}` : ''}`).set('Authorization', as('staff'));
      const ids: string[] = res.body.items.map((m: { id: string }) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
      seen.unshift(...ids);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(sent);
    const after = await api().get(`/api/orders/${fresh}/messages?after=${sent[99]}`).set('Authorization', as('staff'));
    expect(after.body.items.map((m: { id: string }) => m.id)).toEqual(sent.slice(100));
  });

  it('counts unread per caller on orders, and read markers lower it', async () => {
    const fresh = (await api().post('/api/orders').set('Authorization', as('customer')).send({ items: [{ name: 'Cup', quantity: 1, unitPriceCents: 100 }] })).body.id;
    await post('customer', { body: 'mine' }, fresh);
    const a = await post('staff', { body: 'one' }, fresh);
    await post('staff', { body: 'two' }, fresh);
    const unread = async () => (await api().get(`/api/orders/${fresh}`).set('Authorization', as('customer'))).body.unreadCount;
    expect(await unread()).toBe(2);
    expect((await api().post(`/api/orders/${fresh}/read`).set('Authorization', as('customer')).send({ lastReadMessageId: a.body.id })).status).toBe(204);
    expect(await unread()).toBe(1);
    const listed = (await api().get('/api/orders?limit=100').set('Authorization', as('customer'))).body.items.find((o: { id: string }) => o.id === fresh);
    expect(listed.unreadCount).toBe(1);
  });
});
