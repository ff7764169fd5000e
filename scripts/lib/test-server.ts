import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/adapters/persistence/embedded/embedded-postgres.js';

/**
 * Whether GET /api/health answers 200, on a connection of its own that is closed after the
 * answer. fetch would keep it in its pool, and a POST that later picks that idle socket up
 * just as the server's keep-alive timeout closes it fails with "other side closed" (seen
 * when a synchronous step such as seeding kept the client's own idle timer from running).
 */
export function answersHealthy(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    get(`${baseUrl}/api/health`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Ports below Linux's default ephemeral range (32768-60999): no outgoing connection is given
 * one of them as its local port while the server on it is down, so a restarted instance or
 * PostgreSQL gets its port back. They are held until all are found, so they are distinct.
 */
const STABLE_PORTS = { from: 20_000, to: 32_000 };

export async function reservePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    for (let tries = 0; held.length < count; tries++) {
      if (tries > 200) throw new Error(`no ${count} free ports between ${STABLE_PORTS.from} and ${STABLE_PORTS.to}`);
      const port = STABLE_PORTS.from + Math.floor(Math.random() * (STABLE_PORTS.to - STABLE_PORTS.from));
      const server = createServer();
      const listening = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (listening) held.push(server);
    }
    return held.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export interface ScratchDatabase {
  url: string;
  /** A private DATA_DIR for the run (development keys live there). */
  dataDir: string;
  /** The PostgreSQL server itself: stoppable and startable again (same port, same data) when embedded. */
  postgres: DatabaseServerControl;
  drop(): Promise<void>;
}

export interface DatabaseServerControl {
  /** True for an embedded server this run owns; a DATABASE_URL server is never stopped. */
  restartable: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface ScratchDatabaseOptions {
  /** Force an embedded PostgreSQL (true) or the server of DATABASE_URL / TEST_DATABASE_URL (false). */
  embedded?: boolean;
}

/**
 * A fresh, empty database for one run: on the server of DATABASE_URL (or
 * TEST_DATABASE_URL) when set, else on an embedded PostgreSQL in a temp dir.
 */
export async function scratchDatabase(options: ScratchDatabaseOptions = {}): Promise<ScratchDatabase> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const useEmbedded = options.embedded ?? !given;
  if (!useEmbedded && !given) throw new Error('scratchDatabase({ embedded: false }) needs DATABASE_URL or TEST_DATABASE_URL');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'orderly-run-'));
  // mkdtemp is 0700; as root, PostgreSQL runs as another user that must enter it.
  chmodSync(dataDir, 0o755);
  let embedded = useEmbedded ? await startEmbeddedPostgres({ dataDir, port: (await reservePorts(1))[0] }) : undefined;
  // Restarts reuse the port, so every URL handed out stays valid.
  const embeddedPort = embedded ? Number(new URL(embedded.url).port) : 0;
  let running = true;
  const admin = new URL(embedded?.adminUrl ?? given!);
  const name = `orderly_run_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const postgres: DatabaseServerControl = {
    restartable: !!embedded,
    stop: async () => {
      if (!embedded) throw new Error('only an embedded PostgreSQL can be stopped (this run uses DATABASE_URL)');
      running = false;
      await embedded.stop();
    },
    start: async () => {
      if (!embedded) throw new Error('only an embedded PostgreSQL can be started (this run uses DATABASE_URL)');
      if (running) return;
      embedded = await startEmbeddedPostgres({ dataDir, port: embeddedPort });
      running = true;
    },
  };
  return {
    url: url.toString(),
    dataDir,
    postgres,
    drop: async () => {
      if (embedded) {
        // The whole cluster goes with the directory; no DROP needed (and the server may be stopped).
        await embedded.stop();
      } else {
        const c = new pg.Client({ connectionString: admin.toString() });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  process: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export interface StartServerOptions {
  /** Default: a free port. */
  port?: number;
  /** `source`: src/main.ts through tsx (default); `built`: dist/src/main.js (run `npm run build:server` first). */
  entry?: 'source' | 'built';
  /** Receives stdout and stderr instead of inheriting them. */
  output?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Working directory (default: the current one, which must be the repository root). */
  cwd?: string;
  /** Own process group: a terminal's Ctrl-C then reaches only this process, which stops the server in order. */
  detached?: boolean;
}

/** Starts the server (src/main.ts through tsx, or the build) and waits until /api/health answers 200. */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000, options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const args = options.entry === 'built' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const output = options.output;
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    detached: options.detached ?? false,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', output ? 'pipe' : 'inherit', output ? 'pipe' : 'inherit'],
  });
  child.stdout?.setEncoding('utf8').on('data', (text: string) => output?.(text, 'stdout'));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => output?.(text, 'stderr'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}`);
    const ok = await answersHealthy(baseUrl);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not become healthy in time');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    port,
    process: child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
