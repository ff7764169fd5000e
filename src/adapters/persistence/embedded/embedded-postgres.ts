import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rmdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDatabase, serverDataDirectory } from './postgres-admin-client.js';
import { resolvePostgresBinaries } from './postgres-binaries.js';
import { initCluster, isInitialised, loadOrCreatePassword, prepareSocketDir } from './postgres-cluster.js';
import { assertTraversable, resolveRunAsUser } from './postgres-os-user.js';
import { ownerTag, stopOrphanedPostmaster } from './postmaster-process.js';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 or undefined = pick a free port */
  port?: number;
  /** default 'orderly' */
  database?: string;
  /** postgres's stderr, line by line (default: discarded) */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgres://postgres:<pw>@127.0.0.1:<port>/<database> */
  url: string;
  /** the same server, maintenance database 'postgres' */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Runs a real PostgreSQL whose cluster lives in `<dataDir>/postgres`; Node decides when it stops. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const onLog = opts.onLog ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const bins = await resolvePostgresBinaries();
  const runAs = await resolveRunAsUser();
  await mkdir(dataDir, { recursive: true });
  if (runAs) {
    await assertTraversable(dataDir, runAs, 'the data directory',
      'set DATA_DIR to a directory under a traversable path (e.g. /var/lib/orderly) or chmod o+x the blocking directory');
    await assertTraversable(path.dirname(bins.postgres), runAs, 'the PostgreSQL binaries',
      'install the project under a traversable path or chmod o+x the blocking directory');
  }
  const secret = await loadOrCreatePassword(dataDir, clusterDir, runAs);
  if (await isInitialised(clusterDir)) await stopOrphanedPostmaster(clusterDir, onLog);
  else await initCluster(bins.initdb, clusterDir, secret.file, runAs, onLog);

  const port = opts.port || (await pickFreePort());
  const socketDir = await prepareSocketDir(clusterDir, runAs);
  // detached = own process group: a terminal Ctrl-C reaches only Node, which finishes
  // in-flight requests before calling stop().
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', socketDir, '-c', ownerTag(process.pid)];
  const child = spawn(bins.postgres, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...runAs });
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 20) recentLines.shift();
    onLog(line);
  };
  createInterface({ input: child.stderr! }).on('line', log);
  child.on('error', (err) => log(`could not run ${bins.postgres}: ${err.message}`)); // e.g. EACCES
  // Safety net when Node exits without stop() (crash, process.exit); must be synchronous.
  const stopOnExit = () => void (isRunning(child) && child.kill('SIGINT'));
  process.on('exit', stopOnExit);
  // Let Node exit by itself if nobody calls stop(); the hook above then stops postgres.
  child.unref();
  (child.stderr as net.Socket).unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= stopChild(child).finally(async () => {
      process.off('exit', stopOnExit);
      await rmdir(socketDir).catch(() => {}); // empty once postgres is gone; keeps /tmp tidy
    }));
  const base = `postgres://postgres:${encodeURIComponent(secret.password)}@127.0.0.1:${port}`;
  const database = opts.database ?? 'orderly';
  try {
    await waitUntilReady(child, `${base}/postgres`, clusterDir, recentLines);
    await ensureDatabase(`${base}/postgres`, database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `${base}/${encodeURIComponent(database)}`, adminUrl: `${base}/postgres`, stop };
}

// No pid means spawn itself failed.
const isRunning = (child: ChildProcess) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000); // also keeps Node alive until exit
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  });
}

async function waitUntilReady(child: ChildProcess, adminUrl: string, clusterDir: string, log: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!isRunning(child)) {
      throw new Error(`PostgreSQL exited while starting (${child.exitCode ?? child.signalCode}): ${log.join(' | ')}`);
    }
    // Another server on the same port would also answer; only our own cluster counts.
    const dataDirectory = await serverDataDirectory(adminUrl).catch((err: unknown) => err);
    if (dataDirectory === clusterDir) return;
    if ((dataDirectory as { code?: string }).code === '28P01') {
      throw new Error(`PostgreSQL in ${clusterDir} rejected the password stored next to it (postgres-password)`);
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not become ready within 30 s: ${String(dataDirectory)}`);
    await sleep(50);
  }
}

function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().unref().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
