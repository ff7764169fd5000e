/**
 * npm run test:load — load with nothing lost, and faults during the load (figures: docs/RELIABILITY.md).
 *
 * 200 clients (customers and staff) work through nginx in front of two instances for a
 * fixed number of operations while faults are injected (kill -9 of an instance, a
 * PostgreSQL restart, SIGTERM of an instance); then the database and every event stream
 * are checked against what the clients were told. Exits 1 on any loss, duplicate or
 * contract violation. Flags: --size=ci|full (LOAD_SIZE), --fault=kill,pg-restart,sigterm|all|none
 * (LOAD_FAULT), --self-check, --seed=N.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { planCustomer, runCustomer, runStaff, type Account, type RunContext } from './lib/actors.js';
import { createStaff, registerCustomers, signIn } from './lib/accounts.js';
import { check, type StreamRecord } from './lib/checker.js';
import { EventStreamClient } from './lib/event-stream-client.js';
import { inject, type FaultObservation } from './lib/faults.js';
import { ApiClient } from './lib/http.js';
import { Ledger, OrderPool } from './lib/ledger.js';
import { parseOptions } from './lib/options.js';
import { printReport } from './lib/report.js';
import { selfCheck } from './lib/self-check.js';
import { servedBy } from '../scripts/lib/prod-like.js';
import { startStack, type LoadStack } from './lib/stack.js';
import { PhaseClock, Stats } from './lib/stats.js';

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a seeded generator, so a run's plan can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function servedByInstance(stack: LoadStack): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of stack.apiAccessLog()) {
    const name = servedBy(stack, entry)?.name ?? 'none (nginx answered itself)';
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const { size, faults } = options;
  const runId = `L${Date.now().toString(36)}`;
  const random = seeded(options.seed);
  const started = Date.now();
  log(`load: size ${size.name} (${size.customers} customers, ${size.staff} staff, ${size.ordersPerCustomer} orders and ${size.messagesPerCustomer} messages per customer, over ~${size.loadSeconds} s), faults: ${faults.join(', ') || 'none'}, seed ${options.seed}`);

  const stack = await startStack({ restartsPostgres: faults.includes('pg-restart') });
  const kind = `prod-like stack, ${new URL(stack.databaseUrl).port === '5432' ? 'PostgreSQL at 5432' : 'embedded PostgreSQL'}`;
  log(`stack: ${kind}; proxy ${stack.proxyUrl}; instances ${stack.instances.map((i) => `${i.name} ${i.directUrl}`).join(', ')}`);
  const clock = new PhaseClock();
  const stats = new Stats(clock);
  const api = new ApiClient(stack.proxyUrl, stats);
  const streams: EventStreamClient[] = [];
  const owners = new Map<EventStreamClient, string | null>();
  try {
    const admin = await signIn(api, stack.accounts.admin.email, stack.accounts.admin.password);
    const setupStarted = Date.now();
    const customers = await registerCustomers(api, runId, size.customers);
    const staff = await createStaff(api, admin.token, runId, size.staff);
    // Streams open as the SPA opens them: without Last-Event-ID, so each starts "from now"
    // and learns its resume point from the server (an id-only block). No event is written
    // while they open, so "now" is the newest event before them for every stream: the
    // checker expects each stream to get every event after it, and that resume point first.
    const newestEvent = async () => (await query<{ latest: string | null }>(stack.databaseUrl, 'SELECT max(id)::text AS latest FROM events'))[0]?.latest ?? null;
    const startAfter = await newestEvent();
    const everyone: Account[] = [...customers, ...staff];
    for (const account of everyone) {
      const stream = new EventStreamClient(`${account.role} ${account.email}`, stack.proxyUrl, account.token, stats);
      streams.push(stream);
      owners.set(stream, account.role === 'customer' ? account.id : null);
    }
    await Promise.all(streams.map((s) => s.start()));
    // The load starts once every stream has its resume point (or after 10 s: the checker reports those without).
    await Promise.race([Promise.all(streams.map((s) => s.positioned)), sleep(10_000)]);
    if ((await newestEvent()) !== startAfter) throw new Error('an event was written while the event streams opened: their starting point is not known');
    log(`setup: ${customers.length} customers registered, ${staff.length} staff created, ${streams.length} event streams open (${streams.filter((s) => s.firstId?.idOnly).length} with a resume point, after event ${startAfter ?? 'none'}), in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

    const ledger = new Ledger();
    const pool = new OrderPool();
    const plans = customers.map(() => planCustomer({ size, random }));
    const ctx: RunContext = {
      api, ledger, pool, runId, size, retryShare: options.retryShare, random,
      progress: { done: 0, total: plans.reduce((n, p) => n + p.length, 0) },
      customersDone: false,
    };

    clock.phase = 'steady';
    const loadStarted = Date.now();
    const ticker = setInterval(() => {
      log(`  ${((Date.now() - loadStarted) / 1000).toFixed(0)} s: ${ctx.progress.done}/${ctx.progress.total} customer operations, ${pool.placed} orders placed, ${pool.size} open, ${ledger.moves.length} moves, phase ${clock.phase}`);
    }, 10_000);
    const observations: FaultObservation[] = [];
    const faultsDone = (async () => {
      for (const [i, fault] of faults.entries()) {
        const at = (i + 1) / (faults.length + 1) - 0.1;
        while (ctx.progress.done / ctx.progress.total < at) await sleep(200);
        log(`fault ${fault} at ${new Date().toISOString().slice(11, 23)}, ${(100 * ctx.progress.done / ctx.progress.total).toFixed(0)} % of the customers' operations`);
        const phase = faults.indexOf(fault) === faults.lastIndexOf(fault) ? fault : `${fault} #${faults.slice(0, i + 1).filter((f) => f === fault).length}`;
        observations.push(await inject(fault, phase, stack, clock, loadStarted, log));
      }
    })();
    const customerRuns = Promise.all(customers.map((c, i) => runCustomer(ctx, c, i, plans[i]!))).then(() => {
      ctx.customersDone = true;
    });
    const staffRuns = Promise.all(staff.map((s, i) => runStaff(ctx, s, i)));
    await Promise.all([customerRuns, staffRuns, faultsDone]);
    clearInterval(ticker);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    log(`load done in ${loadSeconds.toFixed(1)} s; waiting for the event streams to catch up`);

    // Every stream must reach the newest event it may see; then it is closed and checked.
    const catchUpStarted = Date.now();
    const lastPerCustomer = new Map(
      (await query<{ customer_id: string; last: string }>(stack.databaseUrl, 'SELECT customer_id, max(id)::text AS last FROM events GROUP BY customer_id')).map((r) => [r.customer_id, BigInt(r.last)]),
    );
    const lastOverall = [...lastPerCustomer.values()].reduce((a, b) => (a > b ? a : b), 0n);
    const target = (s: EventStreamClient) => {
      const owner = owners.get(s);
      return owner ? (lastPerCustomer.get(owner) ?? 0n) : lastOverall;
    };
    const behind = () => streams.filter((s) => BigInt(s.lastEventId ?? '0') < target(s));
    while (behind().length > 0 && Date.now() - catchUpStarted < 60_000) await sleep(200);
    const catchUpSeconds = (Date.now() - catchUpStarted) / 1000;
    await Promise.all(streams.map((s) => s.stop()));

    const records: StreamRecord[] = streams.map((s) => ({ label: s.label, customerId: owners.get(s) ?? null, startAfter, firstId: s.firstId, received: s.received, connects: s.connects, connections: s.connections }));
    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const report = await check(db, ledger, records, runId);
      const sabotage = options.selfCheck && report.violations.length === 0 ? await selfCheck(db, ledger, records, runId) : { missed: [], found: [] };
      printReport({
        log, options, kind, stats, ledger, report, observations,
        durations: { total: (Date.now() - started) / 1000, load: loadSeconds, catchUp: catchUpSeconds },
        instanceLogs: stack.instances.map((i) => ({ name: i.name, output: i.output() })),
        servedBy: servedByInstance(stack),
      });
      if (options.selfCheck && report.violations.length === 0) {
        log('');
        log('self-check: the same checker on sabotaged data (rolled back): one acknowledged message deleted, one message and one order stored twice, one version bumped, one event dropped from a stream and one repeated on another, the resume point of a third replaced by its first event. It reported:');
        for (const v of sabotage.found) log(`  - ${v}`);
        log(sabotage.missed.length === 0 ? 'self-check: every sabotage was caught' : sabotage.missed.join('\n'));
      }
      return report.violations.length === 0 && sabotage.missed.length === 0 ? 0 : 1;
    } finally {
      await db.end();
    }
  } finally {
    await Promise.all(streams.map((s) => s.stop()));
    // LOAD_KEEP_LOGS=<dir>: keep nginx's and the instances' logs for a closer look.
    if (process.env.LOAD_KEEP_LOGS) {
      cpSync(path.join(stack.dir, 'logs'), process.env.LOAD_KEEP_LOGS, { recursive: true });
      writeFileSync(path.join(process.env.LOAD_KEEP_LOGS, 'nginx-error.log'), stack.nginxLog());
    }
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
