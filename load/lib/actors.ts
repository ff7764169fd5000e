import type { ApiClient, Reply } from './http.js';
import { TERMINAL, type Ledger, type OrderPool, type Status } from './ledger.js';
import type { LoadSize } from './options.js';

export interface Account {
  id: string;
  email: string;
  name: string;
  token: string;
  role: 'customer' | 'staff';
}

export interface RunContext {
  api: ApiClient;
  ledger: Ledger;
  pool: OrderPool;
  /** Unique per run: keys and clientIds embed it. */
  runId: string;
  size: LoadSize;
  retryShare: number;
  random(): number;
  progress: { done: number; total: number };
  customersDone: boolean;
}

interface OrderBody {
  id: string;
  status: Status;
  version: number;
  allowedTransitions: Status[];
  history?: Array<{ to: Status; by: { id: string } }>;
}
interface MessageBody {
  id: string;
}

const STATUSES: Status[] = ['pending', 'confirmed', 'preparing', 'shipped', 'delivered', 'cancelled'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const think = (ctx: RunContext, maxMs: number) => sleep(ctx.random() * maxMs);
const errorCode = (reply: Reply) => (reply.body as { error?: { code?: string } })?.error?.code ?? 'no-envelope';

function unexpected(ctx: RunContext, who: Account, what: string, reply: Reply): void {
  ctx.ledger.violation(`${who.role} ${who.email}: ${what} answered ${reply.status} ${errorCode(reply)} after ${reply.attempts} attempt(s)`);
}

/** The work of one customer, fixed in advance: orders, messages on them, a few cancellations. */
export function planCustomer(ctx: Pick<RunContext, 'size' | 'random'>): Array<'order' | 'message' | 'cancel'> {
  const rest: Array<'order' | 'message' | 'cancel'> = [];
  for (let i = 1; i < ctx.size.ordersPerCustomer; i++) rest.push('order');
  for (let i = 0; i < ctx.size.messagesPerCustomer; i++) rest.push('message');
  for (let i = 0; i < ctx.size.ordersPerCustomer; i++) if (ctx.random() < 0.15) rest.push('cancel');
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return ['order', ...rest];
}

export async function runCustomer(ctx: RunContext, me: Account, index: number, plan: Array<'order' | 'message' | 'cancel'>): Promise<void> {
  const mine: string[] = [];
  let orderNo = 0;
  let messageNo = 0;
  const pause = (2 * ctx.size.loadSeconds * 1000) / plan.length;
  for (const op of plan) {
    await think(ctx, pause);
    if (op === 'order') {
      const id = await placeOrder(ctx, me, `${ctx.runId}-o-${index}-${orderNo++}`);
      if (id) mine.push(id);
    } else if (op === 'message' && mine.length > 0) {
      await postMessage(ctx, me, mine[Math.floor(ctx.random() * mine.length)]!, `${ctx.runId}-m-c${index}-${messageNo++}`);
    } else if (op === 'cancel' && mine.length > 0) {
      await cancelOwnOrder(ctx, me, mine[Math.floor(ctx.random() * mine.length)]!);
    }
    ctx.progress.done += 1;
  }
}

async function placeOrder(ctx: RunContext, me: Account, key: string): Promise<string | undefined> {
  const body = { items: [{ name: 'Load-test beans 1kg', quantity: 1 + Math.floor(ctx.random() * 3), unitPriceCents: 100 + Math.floor(ctx.random() * 5000) }], note: key };
  const send = () => ctx.api.send<OrderBody>('POST', '/api/orders', { token: me.token, body, headers: { 'Idempotency-Key': key }, route: 'POST /orders' });
  ctx.ledger.orderKeys.add(key);
  const reply = await send().catch(() => undefined);
  if (!reply || reply.status !== 201) {
    if (!reply || reply.status >= 500) ctx.ledger.unacknowledged.orders += 1;
    if (reply) unexpected(ctx, me, `POST /api/orders (key ${key})`, reply);
    return undefined;
  }
  const id = reply.body.id;
  ctx.ledger.orders.set(key, { key, customerId: me.id, orderId: id });
  ctx.pool.add(id, me.id);
  if (ctx.random() < ctx.retryShare) {
    ctx.ledger.deliberateRetries.orders += 1;
    const again = await send().catch(() => undefined);
    if (again && (again.status !== 201 || again.body.id !== id)) unexpected(ctx, me, `retried POST /api/orders (key ${key}, first ${id}, again ${again.body.id})`, again);
  }
  return id;
}

export async function postMessage(ctx: RunContext, me: Account, orderId: string, clientId: string): Promise<void> {
  const body = { body: `Load-test message ${clientId}`, clientId };
  const send = () => ctx.api.send<MessageBody>('POST', `/api/orders/${orderId}/messages`, { token: me.token, body, route: 'POST /messages' });
  ctx.ledger.clientIds.add(clientId);
  const reply = await send().catch(() => undefined);
  // 200 is the first message of this clientId: right only when an earlier attempt of this very request got through.
  const acked = reply && (reply.status === 201 || (reply.status === 200 && reply.attempts > 1));
  if (!acked) {
    if (!reply || reply.status >= 500) ctx.ledger.unacknowledged.messages += 1;
    if (reply) unexpected(ctx, me, `POST messages (clientId ${clientId})`, reply);
    return;
  }
  const messageId = reply.body.id;
  ctx.ledger.messages.set(clientId, { clientId, orderId, authorId: me.id, messageId });
  if (ctx.random() < ctx.retryShare) {
    ctx.ledger.deliberateRetries.messages += 1;
    const again = await send().catch(() => undefined);
    if (again && (again.status !== 200 || again.body.id !== messageId)) unexpected(ctx, me, `retried POST messages (clientId ${clientId}, first ${messageId}, again ${again.body.id})`, again);
  }
}

async function cancelOwnOrder(ctx: RunContext, me: Account, orderId: string): Promise<void> {
  const read = await ctx.api.send<OrderBody>('GET', `/api/orders/${orderId}`, { token: me.token, route: 'GET /orders/:id' }).catch(() => undefined);
  if (!read || read.status !== 200) {
    if (read) unexpected(ctx, me, `GET /api/orders/${orderId}`, read);
    return;
  }
  if (!read.body.allowedTransitions.includes('cancelled')) return;
  const outcome = await move(ctx, me, read.body, 'cancelled', null);
  if (outcome === 'refused') ctx.ledger.refusals.customerCancelsRefused += 1;
}

/**
 * PATCH with If-Match. A 409/412 after a retried attempt is ambiguous (did the first
 * attempt land?): the order's history answers it.
 */
async function move(ctx: RunContext, me: Account, order: OrderBody, to: Status, note: string | null): Promise<'moved' | 'refused' | 'failed'> {
  const reply = await ctx.api
    .send<OrderBody>('PATCH', `/api/orders/${order.id}/status`, { token: me.token, body: note ? { status: to, note } : { status: to }, headers: { 'If-Match': `"${order.version}"` }, route: 'PATCH /status' })
    .catch(() => undefined);
  if (reply?.status === 200) {
    if (reply.body.version !== order.version + 1 || reply.body.status !== to) unexpected(ctx, me, `PATCH ${order.id} to ${to} from v${order.version} gave v${reply.body.version} ${reply.body.status}`, reply);
    ctx.ledger.moves.push({ orderId: order.id, version: reply.body.version, to, byId: me.id });
    if (TERMINAL.has(to)) ctx.pool.retire(order.id);
    return 'moved';
  }
  if (reply && (reply.status === 409 || reply.status === 412)) {
    if (reply.attempts > 1) {
      const now = await ctx.api.send<OrderBody>('GET', `/api/orders/${order.id}`, { token: me.token, route: 'GET /orders/:id' });
      const entry = now.body.history?.[order.version + 1];
      if (now.status === 200 && entry && entry.to === to && entry.by.id === me.id) {
        ctx.ledger.moves.push({ orderId: order.id, version: order.version + 1, to, byId: me.id, resolved: true });
        if (TERMINAL.has(to)) ctx.pool.retire(order.id);
        return 'moved';
      }
    }
    ctx.ledger.refusals.lostRaces += 1;
    return 'refused';
  }
  if (!reply || reply.status >= 500) ctx.ledger.unacknowledged.moves += 1;
  if (reply) unexpected(ctx, me, `PATCH ${order.id} to ${to}`, reply);
  return 'failed';
}

/** Staff: move random active orders one legal step (now and then cancel, or try an illegal move) until every order is done. */
export async function runStaff(ctx: RunContext, me: Account, index: number): Promise<void> {
  let messagesLeft = Math.ceil(ctx.size.messagesPerCustomer / 2);
  let messageNo = 0;
  for (;;) {
    if (ctx.customersDone && ctx.pool.size === 0) break;
    const id = ctx.pool.pick(ctx.random);
    if (!id) {
      await sleep(100);
      continue;
    }
    await think(ctx, ctx.size.staffThinkMs);
    const read = await ctx.api.send<OrderBody>('GET', `/api/orders/${id}`, { token: me.token, route: 'GET /orders/:id' }).catch(() => undefined);
    if (!read || read.status !== 200) {
      if (read) unexpected(ctx, me, `GET /api/orders/${id}`, read);
      continue;
    }
    const order = read.body;
    if (TERMINAL.has(order.status)) {
      ctx.pool.retire(id);
      continue;
    }
    if (messagesLeft > 0 && ctx.random() < 0.2) {
      messagesLeft -= 1;
      await postMessage(ctx, me, id, `${ctx.runId}-m-s${index}-${messageNo++}`);
    }
    const r = ctx.random();
    if (r < 0.03) {
      await illegalMove(ctx, me, order);
      continue;
    }
    const cancel = r < 0.1 && order.allowedTransitions.includes('cancelled');
    const to = cancel ? 'cancelled' : order.allowedTransitions.find((s) => s !== 'cancelled');
    if (!to) continue;
    await move(ctx, me, order, to, cancel ? 'Load test: out of stock' : null);
  }
  const orders = ctx.pool.all;
  while (messagesLeft-- > 0 && orders.length > 0) {
    await postMessage(ctx, me, orders[Math.floor(ctx.random() * orders.length)]!, `${ctx.runId}-m-s${index}-${messageNo++}`);
  }
}

/** A move the lifecycle forbids: it must be refused with 409 invalid_transition (or 412 if someone moved it first). */
async function illegalMove(ctx: RunContext, me: Account, order: OrderBody): Promise<void> {
  const illegal = STATUSES.filter((s) => s !== order.status && !order.allowedTransitions.includes(s));
  const to = illegal[Math.floor(ctx.random() * illegal.length)];
  if (!to) return;
  const reply = await ctx.api
    .send<OrderBody>('PATCH', `/api/orders/${order.id}/status`, { token: me.token, body: { status: to, note: 'Load test: illegal move' }, headers: { 'If-Match': `"${order.version}"` }, route: 'PATCH /status (illegal)' })
    .catch(() => undefined);
  if (reply?.status === 409 && errorCode(reply) === 'invalid_transition') ctx.ledger.refusals.illegalRefused += 1;
  else if (reply?.status === 412 || (reply?.status === 409 && reply.attempts > 1)) ctx.ledger.refusals.lostRaces += 1;
  else if (reply) unexpected(ctx, me, `illegal PATCH ${order.id} ${order.status} -> ${to}`, reply);
}
