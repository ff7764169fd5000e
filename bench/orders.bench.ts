/**
 * npm run bench:orders — reading and moving orders with 10 000 orders from 200 customers.
 *
 * Starts the real server (its own process, production mode) on a fresh database (the
 * server of DATABASE_URL / TEST_DATABASE_URL, else an embedded PostgreSQL), bulk-loads the
 * orders, then measures in one run with autocannon against a raw node:http baseline:
 *   1. GET /api/orders/:id over random orders (goal ≥ 0.15 × raw req/s, p99 ≤ 25 ms at 50 connections),
 *   2. GET /api/orders first page and a page 9 000 orders deep by cursor (deep ≤ 1.5 × first: keyset, not OFFSET),
 *   3. PATCH /api/orders/:id/status throughput (each request another order; after a pass over all
 *      of them the next pass moves each one step further: confirmed, preparing, shipped, delivered).
 * Knobs: BENCH_DURATION (s, default 8), BENCH_CONNECTIONS (50), BENCH_CPU_PROFILE (a directory: the
 * server samples itself, lib/cpu-profiler.mjs, and writes a .cpuprofile there on exit). A tool, never a test.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { encodeCursor } from '../src/adapters/persistence/keyset-cursor.js';
import { generateEd25519Jwk } from '../src/adapters/security/ed25519-jwk.js';
import { seedDemoAccounts, signIn } from '../scripts/lib/demo-accounts.js';
import { scratchDatabase, startServer } from '../scripts/lib/test-server.js';
import { load, type LoadResult } from './lib/load.js';
import { startRawServer } from './lib/raw-server.js';
import { orderPositions, seedOrders } from './lib/seed-orders.js';
import { varyingLoad } from './lib/varying-load.js';
import { measurementExitCode, runBench, verdict } from './lib/report.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ORDERS = 10_000;
const CUSTOMERS = 200;
/** The staff moves of an order's lifecycle, one pass over all orders each. */
const MOVES = ['confirmed', 'preparing', 'shipped', 'delivered'] as const;
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const PROFILER = fileURLToPath(new URL('./lib/cpu-profiler.mjs', import.meta.url));



type Row = Pick<LoadResult, 'requestsPerSecond' | 'p50' | 'p99' | 'failures'>;
const row = (name: string, r: Row) =>
  `${name.padEnd(34)}${r.requestsPerSecond.toFixed(0).padStart(9)}${r.p50.toFixed(2).padStart(9)}${r.p99.toFixed(2).padStart(9)}${String(r.failures).padStart(9)}`;

async function main(): Promise<number> {
  const database = await scratchDatabase();
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, NODE_ENV: 'production', JWT_PRIVATE_KEY: JSON.stringify(await generateEd25519Jwk()), LOG_LEVEL: 'warn', BCRYPT_COST: '10' };
  const raw = await startRawServer();
  try {
    const profiling: Record<string, string> = PROFILE_DIR ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${PROFILER}`.trim() } : {};
    const server = await startServer({ ...env, ...profiling });
    try {
      const auth = { Authorization: `Bearer ${await signIn(server.baseUrl, seedDemoAccounts(env).staff)}` };
      await seedOrders(database.url, CUSTOMERS, ORDERS);
      const positions = await orderPositions(database.url);
      const deep = positions[9000]!;
      const deepCursor = encodeCursor({ at: deep.createdAt, id: deep.id });
      const base = { connections: CONNECTIONS, durationSeconds: DURATION, headers: auth };
      console.error(`measuring (about ${Math.round(6 * DURATION + 6)} s)…`);

      await load({ url: raw.url, connections: CONNECTIONS, durationSeconds: 2 });
      const rawResult = await load({ url: raw.url, connections: CONNECTIONS, durationSeconds: DURATION });
      const byId = (i: number) => ({ path: `/api/orders/${positions[(i * 7919) % positions.length]!.id}` });
      await varyingLoad({ ...base, baseUrl: server.baseUrl, durationSeconds: 2, next: byId });
      const getOne = await varyingLoad({ ...base, baseUrl: server.baseUrl, next: byId });
      const first = await load({ url: `${server.baseUrl}/api/orders?limit=20`, ...base });
      const deepPage = await load({ url: `${server.baseUrl}/api/orders?limit=20&cursor=${deepCursor}`, ...base });
      const patch = await varyingLoad({
        ...base,
        connections: 20,
        baseUrl: server.baseUrl,
        next: (i) => ({
          path: `/api/orders/${positions[i % positions.length]!.id}/status`,
          method: 'PATCH',
          body: JSON.stringify({ status: MOVES[Math.min(MOVES.length - 1, Math.floor(i / positions.length))] }),
        }),
      });

      const ratio = getOne.requestsPerSecond / rawResult.requestsPerSecond;
      const depth = deepPage.p50 / first.p50;
      console.log(`\nOrders bench — ${ORDERS} orders / ${CUSTOMERS} customers, ${os.cpus().length} cores, Node ${process.version}, ${CONNECTIONS} connections`);
      console.log(`${'run'.padEnd(34)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'failures'.padStart(9)}`);
      console.log(row('raw node:http', rawResult));
      console.log(row('GET /api/orders/:id (random)', getOne));
      console.log(row('GET /api/orders first page', first));
      console.log(row('GET /api/orders page 9 000 deep', deepPage));
      console.log(row('PATCH status (20 conns)', patch));
      console.log(`\nget-by-id / raw req/s   ${ratio.toFixed(2).padStart(6)}   target ≥ 0.15   ${verdict(ratio >= 0.15)}`);
      console.log(`get-by-id p99           ${getOne.p99.toFixed(2).padStart(6)}   target ≤ 25 ms  ${verdict(getOne.p99 <= 25)}`);
      console.log(`deep / first page p50   ${depth.toFixed(2).padStart(6)}   target ≤ 1.50   ${verdict(depth <= 1.5)}`);
      // Each order can move MOVES.length times; once all those moves are made, the rest answer 409 by design.
      const patchFailures = patch.requests >= MOVES.length * ORDERS ? 0 : patch.failures;
      const failures = rawResult.failures + getOne.failures + first.failures + deepPage.failures + patchFailures;
      return measurementExitCode(failures);
    } finally {
      await server.stop();
    }
  } finally {
    await raw.stop();
    await database.drop();
  }
}

runBench(main);
