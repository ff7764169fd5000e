import type pg from 'pg';
import type { FirstId, StreamConnection } from './event-stream-client.js';
import type { Ledger, Status } from './ledger.js';

/** The lifecycle of API.md: the moves anyone may ever make. */
const LEGAL: Record<Status, readonly Status[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['preparing', 'cancelled'],
  preparing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export interface StreamRecord {
  label: string;
  /** Customer streams see their own orders' events; staff streams see all. */
  customerId: string | null;
  /**
   * The newest event in the database before the stream opened (null: none), read by the
   * run itself, not taken from the server: the stream must get every event after it.
   */
  startAfter: string | null;
  /** The first id the server gave the stream: its resume point must come before any event. */
  firstId: FirstId | null;
  received: readonly string[];
  connects: number;
  connections: readonly StreamConnection[];
}

export interface CheckReport {
  counts: Record<string, number>;
  violations: string[];
}

const MAX_LISTED = 20;

/**
 * Compares what clients were told (the ledger, the event ids each stream received) with
 * the database itself. Every read runs on `db`, so a caller may run it inside a
 * transaction it rolls back (the self-check does).
 */
export async function check(db: pg.ClientBase, ledger: Ledger, streams: StreamRecord[], runId: string): Promise<CheckReport> {
  const violations: string[] = [];
  const fail = (kind: string, items: string[]) => {
    if (items.length === 0) return;
    violations.push(`${kind}: ${items.length}${items.length > MAX_LISTED ? ` (first ${MAX_LISTED})` : ''}: ${items.slice(0, MAX_LISTED).join('; ')}`);
  };
  const counts: Record<string, number> = {};
  const like = `${runId}-%`;

  // Orders: one per Idempotency-Key (the key is also the order's note, so a duplicate is visible even without its key row).
  const { rows: orders } = await db.query<{ id: string; customer_id: string; note: string | null; status: Status; version: number; key_order: string | null }>(
    `SELECT o.id, o.customer_id, o.note, o.status, o.version, ik.order_id AS key_order
       FROM orders o LEFT JOIN idempotency_keys ik ON ik.user_id = o.customer_id AND ik.key = o.note
      WHERE o.note LIKE $1`, [like]);
  const byNote = new Map<string, typeof orders>();
  for (const o of orders) byNote.set(o.note!, [...(byNote.get(o.note!) ?? []), o]);
  const lostOrders: string[] = [];
  const orderIdMismatch: string[] = [];
  for (const acked of ledger.orders.values()) {
    const found = byNote.get(acked.key) ?? [];
    if (found.length === 0) lostOrders.push(`${acked.key} (${acked.orderId})`);
    else if (!found.some((o) => o.id === acked.orderId && o.key_order === acked.orderId && o.customer_id === acked.customerId)) orderIdMismatch.push(acked.key);
  }
  const duplicatedOrders = [...byNote].filter(([, list]) => list.length > 1).map(([key, list]) => `${key} ×${list.length}`);
  const phantomOrders = orders.filter((o) => !ledger.orderKeys.has(o.note!)).map((o) => o.id);
  fail('acknowledged orders missing', lostOrders);
  fail('acknowledged orders stored under another id or key', orderIdMismatch);
  fail('orders duplicated (same Idempotency-Key)', duplicatedOrders);
  fail('orders nobody placed', phantomOrders);
  counts['orders acknowledged'] = ledger.orders.size;
  counts['orders in the database'] = orders.length;
  counts['orders lost'] = lostOrders.length + orderIdMismatch.length;
  counts['orders duplicated'] = duplicatedOrders.length;
  const orderById = new Map(orders.map((o) => [o.id, o]));

  // Messages: one row per clientId (bodies embed the clientId, so a copy without it shows too).
  const { rows: messages } = await db.query<{ id: string; order_id: string; author_id: string; client_id: string | null; body: string }>(
    `SELECT m.id::text, m.order_id, m.author_id, m.client_id, m.body FROM messages m JOIN orders o ON o.id = m.order_id WHERE o.note LIKE $1`, [like]);
  const byClientId = new Map<string, typeof messages>();
  for (const m of messages) {
    const key = m.client_id ?? /message (\S+)$/.exec(m.body)?.[1] ?? `?${m.id}`;
    byClientId.set(key, [...(byClientId.get(key) ?? []), m]);
  }
  const lostMessages: string[] = [];
  for (const acked of ledger.messages.values()) {
    const found = byClientId.get(acked.clientId) ?? [];
    if (!found.some((m) => m.id === acked.messageId && m.order_id === acked.orderId && m.author_id === acked.authorId && m.client_id === acked.clientId)) {
      lostMessages.push(`${acked.clientId} (id ${acked.messageId})`);
    }
  }
  const duplicatedMessages = [...byClientId].filter(([, list]) => list.length > 1).map(([id, list]) => `${id} ×${list.length}`);
  const phantomMessages = messages.filter((m) => m.client_id === null || !ledger.clientIds.has(m.client_id)).map((m) => m.id);
  fail('acknowledged messages missing', lostMessages);
  fail('messages duplicated (same clientId)', duplicatedMessages);
  fail('messages nobody posted (or without their clientId)', phantomMessages);
  counts['messages acknowledged'] = ledger.messages.size;
  counts['messages in the database'] = messages.length;
  counts['messages lost'] = lostMessages.length;
  counts['messages duplicated'] = duplicatedMessages.length;

  // Histories: a legal path from placement to the current status; version = number of moves.
  const { rows: history } = await db.query<{ order_id: string; from_status: Status | null; to_status: Status; actor_id: string }>(
    `SELECT h.order_id, h.from_status, h.to_status, h.actor_id FROM order_status_history h JOIN orders o ON o.id = h.order_id
      WHERE o.note LIKE $1 ORDER BY h.order_id, h.id`, [like]);
  const historyOf = new Map<string, typeof history>();
  for (const h of history) historyOf.set(h.order_id, [...(historyOf.get(h.order_id) ?? []), h]);
  const illegal: string[] = [];
  let moves = 0;
  for (const o of orders) {
    const path = historyOf.get(o.id) ?? [];
    const problem = pathProblem(path, o.status, o.version);
    if (problem) illegal.push(`${o.id}: ${problem}`);
    moves += Math.max(0, path.length - 1);
  }
  const lostMoves: string[] = [];
  for (const m of ledger.moves) {
    const entry = historyOf.get(m.orderId)?.[m.version];
    if (!entry || entry.to_status !== m.to || entry.actor_id !== m.byId) lostMoves.push(`${m.orderId} v${m.version} → ${m.to}`);
  }
  fail('histories that are not a legal path ending in the current status with version = moves', illegal);
  fail('acknowledged moves missing from the history', lostMoves);
  counts['moves acknowledged'] = ledger.moves.filter((m) => !m.resolved).length;
  counts['moves resolved after an ambiguous retry'] = ledger.moves.filter((m) => m.resolved).length;
  counts['moves in the database'] = moves;
  counts['moves lost'] = lostMoves.length;
  counts['orders still open'] = orders.filter((o) => o.status !== 'delivered' && o.status !== 'cancelled').length;

  // The outbox: one order.created per order, one order.updated per move, one message.created per message.
  const { rows: events } = await db.query<{ id: string; type: string; order_id: string; customer_id: string; at: Date }>(
    'SELECT e.id::text, e.type, e.order_id, e.customer_id, e.created_at AS at FROM events e ORDER BY e.id');
  const eventById = new Map(events.map((e) => [e.id, e]));
  const runEvents = events.filter((e) => orderById.has(e.order_id));
  const outbox: string[] = [];
  const perOrder = new Map<string, { created: number; updated: number; messages: number }>();
  for (const e of runEvents) {
    const tally = perOrder.get(e.order_id) ?? perOrder.set(e.order_id, { created: 0, updated: 0, messages: 0 }).get(e.order_id)!;
    if (e.type === 'order.created') tally.created += 1;
    else if (e.type === 'order.updated') tally.updated += 1;
    else if (e.type === 'message.created') tally.messages += 1;
    if (e.customer_id !== orderById.get(e.order_id)!.customer_id) outbox.push(`event ${e.id} names the wrong customer`);
  }
  const messagesPerOrder = new Map<string, number>();
  for (const m of messages) messagesPerOrder.set(m.order_id, (messagesPerOrder.get(m.order_id) ?? 0) + 1);
  for (const o of orders) {
    const t = perOrder.get(o.id) ?? { created: 0, updated: 0, messages: 0 };
    const want = { created: 1, updated: o.version, messages: messagesPerOrder.get(o.id) ?? 0 };
    if (t.created !== want.created || t.updated !== want.updated || t.messages !== want.messages) {
      outbox.push(`${o.id}: events ${JSON.stringify(t)}, expected ${JSON.stringify(want)}`);
    }
  }
  fail('events table out of step with orders, moves and messages', outbox);
  counts['events written'] = runEvents.length;

  // Resume points: a stream opened without Last-Event-ID starts after the newest event,
  // and the server says so with an id-only block before any event (or "0" on an empty log).
  const noResumePoint: string[] = [];
  for (const s of streams) {
    const want = s.startAfter ?? '0';
    if (!s.firstId?.idOnly || s.firstId.id !== want) {
      noResumePoint.push(`${s.label}: first id ${s.firstId ? `${s.firstId.id} (${s.firstId.idOnly ? 'id-only block' : 'an event'})` : 'none'}, expected an id-only block ${want}`);
    }
  }
  fail('event streams not given their resume point (an id-only block at the newest event) before any event', noResumePoint);
  counts['event streams given their resume point first'] = streams.length - noResumePoint.length;

  // Streams: every event after the stream's start that its user may see, exactly once, in order, and nothing else.
  const lastId = events.at(-1)?.id ?? '0';
  let expectedTotal = 0;
  let deliveredTotal = 0;
  let lostTotal = 0;
  let duplicatedTotal = 0;
  let foreignTotal = 0;
  let disorderTotal = 0;
  let reconnects = 0;
  const streamProblems: string[] = [];
  for (const s of streams) {
    const after = BigInt(s.startAfter ?? '0');
    const expected = new Set(
      events.filter((e) => BigInt(e.id) > after && BigInt(e.id) <= BigInt(lastId) && (s.customerId === null || e.customer_id === s.customerId)).map((e) => e.id),
    );
    const seen = new Map<string, number>();
    let disorder = 0;
    let previous = -1n;
    for (const id of s.received) {
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (BigInt(id) <= previous) disorder += 1;
      previous = BigInt(id);
    }
    const lost = [...expected].filter((id) => !seen.has(id));
    const duplicated = [...seen].filter(([, n]) => n > 1).reduce((sum, [, n]) => sum + n - 1, 0);
    const foreign = [...seen.keys()].filter((id) => !expected.has(id));
    expectedTotal += expected.size;
    deliveredTotal += [...seen.keys()].filter((id) => expected.has(id)).length;
    lostTotal += lost.length;
    duplicatedTotal += duplicated;
    foreignTotal += foreign.length;
    disorderTotal += disorder;
    reconnects += Math.max(0, s.connects - 1);
    if (lost.length || duplicated || foreign.length || disorder) {
      const where = lost.slice(0, 3).map((id) => `${id} ${whereLost(id, eventById.get(id)!, s.connections)}`);
      streamProblems.push(`${s.label}: lost ${lost.length} [${lost.slice(0, 5).join(',')}], duplicated ${duplicated}, not its own ${foreign.length} [${foreign.slice(0, 5).join(',')}], out of order ${disorder}${where.length ? ` {${where.join('; ')}}` : ''}`);
    }
  }
  fail('event streams that missed, repeated, reordered or leaked events', streamProblems);
  counts['event streams'] = streams.length;
  counts['event stream reconnections'] = reconnects;
  counts['events expected on streams'] = expectedTotal;
  counts['events delivered on streams'] = deliveredTotal;
  counts['events lost on streams'] = lostTotal;
  counts['events duplicated on streams'] = duplicatedTotal;
  counts['events delivered to the wrong stream'] = foreignTotal;
  counts['events out of order on streams'] = disorderTotal;

  fail('contract violations seen by clients', ledger.violations);
  const { orders: o, messages: m, moves: mv } = ledger.unacknowledged;
  if (o + m + mv > 0) violations.push(`writes that never got a 2xx, however long the client retried: ${o} orders, ${m} messages, ${mv} moves`);
  return { counts, violations };
}

function pathProblem(path: Array<{ from_status: Status | null; to_status: Status }>, status: Status, version: number): string | undefined {
  const first = path[0];
  if (!first || first.from_status !== null || first.to_status !== 'pending') return 'does not start with the placement (null → pending)';
  for (let i = 1; i < path.length; i++) {
    const { from_status: from, to_status: to } = path[i]!;
    if (from !== path[i - 1]!.to_status) return `move ${i} starts from ${from}, not ${path[i - 1]!.to_status}`;
    if (!LEGAL[from].includes(to)) return `move ${i} ${from} → ${to} is not in the lifecycle`;
  }
  if (path.at(-1)!.to_status !== status) return `history ends in ${path.at(-1)!.to_status}, order is ${status}`;
  if (version !== path.length - 1) return `version ${version}, ${path.length - 1} moves`;
  return undefined;
}

/** For a lost event: its type, when it was written, and the connection(s) around it. */
function whereLost(id: string, event: { type: string; at: Date }, connections: readonly StreamConnection[]): string {
  const n = BigInt(id);
  const t = event.at.getTime();
  const describe = (c: StreamConnection, i: number) =>
    `#${i + 1} sent ${c.sentLastEventId} got ${c.first}..${c.last} resume point ${c.resumePoint} open ${new Date(c.openedAt).toISOString().slice(11, 23)}-${c.endedAt ? new Date(c.endedAt).toISOString().slice(11, 23) : 'end'} ${c.how}`;
  const around = connections
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => (c.first !== null && BigInt(c.first) <= n && n <= BigInt(c.last!)) || (c.openedAt <= t && t <= (c.endedAt ?? Infinity)) || (c.sentLastEventId !== null && BigInt(c.sentLastEventId) < n && (c.first === null || n < BigInt(c.first))));
  return `(${event.type} written ${event.at.toISOString().slice(11, 23)}; ${around.map(({ c, i }) => describe(c, i)).join(' | ') || 'no connection around it'})`;
}
