import type pg from 'pg';
import { check, type StreamRecord } from './checker.js';
import type { Ledger } from './ledger.js';

/**
 * Proves the checker can fail: inside a transaction that is rolled back, lose one
 * acknowledged message, duplicate another and an order, break an order's version; drop and
 * repeat an event on two streams, and make a third stream's first id an event instead of its
 * resume point. Every sabotage must show up as its own violation.
 */
export async function selfCheck(db: pg.ClientBase, ledger: Ledger, streams: StreamRecord[], runId: string): Promise<{ missed: string[]; found: string[] }> {
  const [lost, copied] = [...ledger.messages.values()];
  const [order, bumped] = [...ledger.orders.values()];
  const customerStream = streams.find((s) => s.customerId !== null && s.received.length > 0);
  const staffStream = streams.find((s) => s.customerId === null && s.received.length > 0);
  const unplacedStream = streams.find((s) => s !== customerStream && s !== staffStream && s.received.length > 0);
  if (!lost || !copied || !order || !bumped || !customerStream || !staffStream || !unplacedStream) return { missed: ['self-check: the run is too small to sabotage'], found: [] };
  const expectations: Array<[string, RegExp]> = [
    ['a deleted acknowledged message', new RegExp(`acknowledged messages missing: 1: ${lost.clientId} `)],
    ['a message stored twice', new RegExp(`messages duplicated \\(same clientId\\): 1: ${copied.clientId} ×2`)],
    ['an order stored twice', new RegExp(`orders duplicated \\(same Idempotency-Key\\): 1: ${order.key} ×2`)],
    ['a version that does not count the moves', new RegExp(`${bumped.orderId}: version`)],
    ['an event a stream never got', new RegExp(`${customerStream.label}: lost 1 `)],
    ['an event a stream got twice', new RegExp(`${staffStream.label}: lost 0 \\[\\], duplicated 1`)],
    ['a stream whose first id was an event, not its resume point', new RegExp(`before any event: 1: ${unplacedStream.label}: first id ${unplacedStream.received[0]} \\(an event\\)`)],
  ];
  await db.query('BEGIN');
  try {
    await db.query('DELETE FROM messages WHERE id = $1', [lost.messageId]);
    await db.query(
      `INSERT INTO messages (order_id, author_id, author_name, author_role, body, client_id, created_at)
       SELECT order_id, author_id, author_name, author_role, body, NULL, created_at FROM messages WHERE id = $1`, [copied.messageId]);
    await db.query(
      `INSERT INTO orders (id, customer_id, customer_name, status, total_cents, currency, note, version, created_at, updated_at)
       SELECT gen_random_uuid(), customer_id, customer_name, status, total_cents, currency, note, version, created_at, updated_at FROM orders WHERE id = $1`, [order.orderId]);
    await db.query('UPDATE orders SET version = version + 1 WHERE id = $1', [bumped.orderId]);
    const sabotaged = streams.map((s) => {
      if (s === customerStream) return { ...s, received: s.received.slice(1) };
      if (s === staffStream) return { ...s, received: [s.received[0]!, ...s.received] };
      if (s === unplacedStream) return { ...s, firstId: { id: s.received[0]!, idOnly: false } };
      return s;
    });
    // A duplicated first id also reads as "out of order" (an id not above the previous one): expected.
    const report = await check(db, ledger, sabotaged, runId);
    const text = report.violations.join('\n');
    return {
      missed: expectations.filter(([, re]) => !re.test(text)).map(([what]) => `self-check: the checker did not notice ${what}`),
      found: report.violations,
    };
  } finally {
    await db.query('ROLLBACK');
  }
}
