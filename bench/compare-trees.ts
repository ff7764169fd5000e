/**
 * npm run bench:compare -- <dir A> <dir B> [path] — server CPU per request of two working trees.
 *
 * For a change too small for the benches to see on a shared VM: starts the server of each
 * tree (its src/main.ts, production mode, LOG_LEVEL=warn) on ONE scratch database, signs the
 * demo customer in on each, and loads `path` (default /api/auth/me, with the token) at full
 * speed in alternating windows, A then B, BENCH_ROUNDS times (default 10) of
 * BENCH_WINDOW seconds (2). Per window it reads the server process's CPU time (user + system,
 * /proc/<pid>/stat, all threads) and divides by the requests answered. Prints each tree's
 * median µs per request and the median of the rounds' B/A ratios: drift of the VM moves both
 * sides of a round together, so that ratio is what to compare. Linux only; a tool, never a test.
 *
 * A tree is a checkout with node_modules, e.g. `git worktree add /tmp/before <rev>` with
 * node_modules linked from this one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateEd25519Jwk } from '../src/adapters/security/ed25519-jwk.js';
import { seedDemoAccounts, signIn } from '../scripts/lib/demo-accounts.js';
import { scratchDatabase, startServer, type RunningServer } from '../scripts/lib/test-server.js';
import { load } from './lib/load.js';
import { measurementExitCode, runBench } from './lib/report.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const WINDOW_SECONDS = Number(process.env.BENCH_WINDOW ?? 2);
const CONNECTIONS = 50;
const CLOCK_TICK_MICROS = 10_000; // USER_HZ is 100 on Linux

function cpuMicros(pid: number): number {
  // Fields after "(comm) ": utime is the 12th, stime the 13th (proc(5)), in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MICROS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main(): Promise<number> {
  const [treeA, treeB, target = '/api/auth/me'] = process.argv.slice(2);
  if (!treeA || !treeB) throw new Error('usage: npm run bench:compare -- <dir A> <dir B> [path]');
  const trees = [path.resolve(treeA), path.resolve(treeB)];
  const database = await scratchDatabase();
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, NODE_ENV: 'production', JWT_PRIVATE_KEY: JSON.stringify(await generateEd25519Jwk()), LOG_LEVEL: 'warn', BCRYPT_COST: '10' };
  const servers: RunningServer[] = [];
  try {
    for (const cwd of trees) servers.push(await startServer(env, 60_000, { cwd }));
    const credentials = seedDemoAccounts(env).customer;
    const sides = await Promise.all(
      servers.map(async (server) => ({
        url: `${server.baseUrl}${target}`,
        headers: { Authorization: `Bearer ${await signIn(server.baseUrl, credentials)}` },
        pid: server.process.pid!,
      })),
    );
    for (const side of sides) await load({ ...side, connections: CONNECTIONS, durationSeconds: 2 }); // warm-up
    console.error(`measuring ${ROUNDS} rounds of ${WINDOW_SECONDS} s per tree…`);
    const perRequest: [number[], number[]] = [[], []];
    let failures = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, side] of sides.entries()) {
        const before = cpuMicros(side.pid);
        const result = await load({ ...side, connections: CONNECTIONS, durationSeconds: WINDOW_SECONDS });
        perRequest[i]!.push((cpuMicros(side.pid) - before) / result.requests);
        failures += result.failures;
      }
    }
    trees.forEach((tree, i) => console.log(`${tree}: ${median(perRequest[i]!).toFixed(1)} µs CPU per request (median; rounds ${perRequest[i]!.map((v) => v.toFixed(0)).join(' ')})`));
    const ratios = perRequest[1].map((b, round) => b / perRequest[0][round]!);
    console.log(`B / A, median of the rounds: ${median(ratios).toFixed(3)}`);
    return measurementExitCode(failures);
  } finally {
    for (const server of servers) await server.stop();
    await database.drop();
  }
}

runBench(main);
