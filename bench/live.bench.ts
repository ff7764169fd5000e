/**
 * npm run bench:live — live events across two instances.
 *
 * Two server processes (production mode, one shared signing key) on one fresh database;
 * 500 event streams split between them (10 staff streams, 490 customer streams: each of
 * 245 customers on both instances); messages posted at a steady rate on the customers'
 * orders, alternately through each instance. Reports the delay from each POST's response
 * to its receipt on every subscribed stream (p50/p99, goal p99 ≤ 100 ms), the resident
 * memory per open stream (goal ≤ 50 KB) and the message POST throughput at full speed.
 * Knobs: BENCH_RATE (messages/s, default 50), BENCH_DURATION (s, default 10). A tool, never a test.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { generateEd25519Jwk } from '../src/adapters/security/ed25519-jwk.js';
import { scratchDatabase, startServer, type RunningServer } from '../scripts/lib/test-server.js';
import { tokenSigner } from './lib/bench-tokens.js';
import { seedOrders } from './lib/seed-orders.js';
import { openBenchStream, type BenchStream } from './lib/stream-reader.js';
import { varyingLoad } from './lib/varying-load.js';
import { runBench, verdict } from './lib/report.js';

const RATE = Number(process.env.BENCH_RATE ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CUSTOMERS = 245;
const STAFF_STREAMS_PER_INSTANCE = 5;

const rssKb = (server: RunningServer) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.process.pid}/status`, 'utf8'))?.[1] ?? NaN);
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const database = await scratchDatabase();
  const jwk = await generateEd25519Jwk();
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, NODE_ENV: 'production', JWT_PRIVATE_KEY: JSON.stringify(jwk), LOG_LEVEL: 'warn', BCRYPT_COST: '10' };
  const servers = [await startServer(env), await startServer(env)];
  const streams: BenchStream[] = [];
  try {
    await seedOrders(database.url, CUSTOMERS, CUSTOMERS);
    await query(database.url, "INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES ('bench-staff@example.test', 'Bench Staff', 'staff', 'x', now(), now())");
    const orders = await query<{ id: string; customer_id: string }>(database.url, 'SELECT id, customer_id FROM orders');
    const [staff] = await query<{ id: string }>(database.url, "SELECT id FROM users WHERE role = 'staff'");
    const sign = await tokenSigner(jwk);
    const staffToken = await sign(staff!.id, 'staff');
    const rssBefore = servers.map(rssKb);

    const received = new Map<string, number[]>();
    const onMessage = (id: string, at: number) => (received.get(id) ?? received.set(id, []).get(id)!).push(at);
    for (const server of servers) {
      for (let i = 0; i < STAFF_STREAMS_PER_INSTANCE; i++) streams.push(await openBenchStream(server.baseUrl, staffToken, onMessage));
    }
    const subscribers = new Map<string, number>(); // order id → streams that should receive its messages
    for (const order of orders) {
      const token = await sign(order.customer_id, 'customer');
      for (const server of servers) streams.push(await openBenchStream(server.baseUrl, token, onMessage));
      subscribers.set(order.id, 2 + 2 * STAFF_STREAMS_PER_INSTANCE);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const rssOpen = servers.map(rssKb);

    console.error(`${streams.length} streams open; posting ${RATE}/s for ${DURATION} s…`);
    const answered = new Map<string, { at: number; orderId: string }>();
    const total = RATE * DURATION;
    const posts: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const order = orders[i % orders.length]!;
      const server = servers[i % 2]!;
      posts.push(
        fetch(`${server.baseUrl}/api/orders/${order.id}/messages`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ body: `bench ${i}`, clientId: `bench-${i}` }),
        }).then(async (res) => {
          const at = performance.now();
          if (res.status === 201) answered.set(((await res.json()) as { id: string }).id, { at, orderId: order.id });
        }),
      );
    }
    await Promise.all(posts);
    await new Promise((r) => setTimeout(r, 2000));

    const delays: number[] = [];
    let expected = 0;
    for (const [id, { at, orderId }] of answered) {
      expected += subscribers.get(orderId)!;
      for (const got of received.get(id) ?? []) delays.push(Math.max(0, got - at));
    }
    delays.sort((a, b) => a - b);
    const perStream = servers.map((_, i) => ((rssOpen[i]! - rssBefore[i]!) / (streams.length / 2)).toFixed(1));

    const throughput = await varyingLoad({
      baseUrl: servers[0]!.baseUrl,
      connections: 10,
      durationSeconds: 5,
      headers: { Authorization: `Bearer ${staffToken}` },
      next: (i) => ({ path: `/api/orders/${orders[i % orders.length]!.id}/messages`, method: 'POST', body: JSON.stringify({ body: `load ${i}`, clientId: `load-${i}` }) }),
    });

    const p50 = pct(delays, 0.5);
    const p99 = pct(delays, 0.99);
    const kb = Math.max(...perStream.map(Number));
    console.log(`\nLive bench — 2 instances, ${streams.length} streams, ${os.cpus().length} cores, Node ${process.version}`);
    console.log(`messages posted ${answered.size}/${total} at ${RATE}/s; deliveries ${delays.length}/${expected} (${((100 * delays.length) / Math.max(1, expected)).toFixed(1)} %)`);
    console.log(`POST response → receipt   p50 ${p50.toFixed(1)} ms   p99 ${p99.toFixed(1)} ms   target p99 ≤ 100 ms   ${verdict(p99 <= 100)}`);
    console.log(`resident memory per open stream: instance A ${perStream[0]} KB, B ${perStream[1]} KB (RSS ${rssBefore.join('/')} → ${rssOpen.join('/')} KB)   target ≤ 50 KB   ${verdict(kb <= 50)}`);
    console.log(`message POST throughput (10 connections, full speed): ${throughput.requestsPerSecond.toFixed(0)} req/s, p50 ${throughput.p50.toFixed(1)} ms, p99 ${throughput.p99.toFixed(1)} ms, failures ${throughput.failures}`);
    return delays.length === expected && answered.size === total ? 0 : 1;
  } finally {
    for (const s of streams) s.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

runBench(main);
