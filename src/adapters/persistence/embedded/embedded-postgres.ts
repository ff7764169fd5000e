import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { resolvePostgresBinaries } from './postgres-binaries.js'
import { initCluster, isInitialised, loadOrCreatePassword, prepareSocketDir } from './postgres-cluster.js'
import { assertTraversable, resolveRunAsUser } from './postgres-os-user.js'
import { stopLeftoverPostmaster } from './postmaster-process.js'

export interface EmbeddedPostgresOptions {
  dataDir: string
  /** 0 or undefined = pick a free port */
  port?: number
  /** default 'orderly' */
  database?: string
  onLog?: (line: string) => void
}

export interface EmbeddedPostgres {
  /** postgres://postgres:<pw>@127.0.0.1:<port>/<database> */
  url: string
  /** the same server, maintenance database 'postgres' */
  adminUrl: string
  stop(): Promise<void>
}

/** Runs a real PostgreSQL whose cluster lives in `<dataDir>/postgres`; Node decides when it stops. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const onLog = opts.onLog ?? (() => {})
  const dataDir = path.resolve(opts.dataDir)
  const clusterDir = path.join(dataDir, 'postgres')
  const bins = await resolvePostgresBinaries()
  const runAs = await resolveRunAsUser()
  await mkdir(dataDir, { recursive: true })
  if (runAs) {
    await assertTraversable(dataDir, runAs, 'the data directory',
      'set DATA_DIR to a directory under a traversable path (e.g. /var/lib/orderly) or chmod o+x that directory')
    await assertTraversable(path.dirname(bins.postgres), runAs, 'the PostgreSQL binaries',
      'install the project under a traversable path or chmod o+x that directory')
  }
  const secret = await loadOrCreatePassword(dataDir, clusterDir, runAs)
  if (await isInitialised(clusterDir)) await stopLeftoverPostmaster(clusterDir, onLog)
  else await initCluster(bins.initdb, clusterDir, secret.file, runAs, onLog)

  const port = opts.port || await pickFreePort()
  const socketDir = await prepareSocketDir(clusterDir, runAs)
  // detached: its own process group, so a terminal Ctrl-C reaches only Node, which then
  // finishes in-flight requests before calling stop().
  const child = spawn(bins.postgres, ['-D', clusterDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-k', socketDir], { detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...runAs })
  const recentLines: string[] = []
  createInterface({ input: child.stderr! }).on('line', (line) => {
    recentLines.push(line)
    if (recentLines.length > 20) recentLines.shift()
    onLog(line)
  })
  // Safety net when Node exits without stop() (crash, process.exit): must be synchronous.
  const stopOnExit = () => { if (isRunning(child)) child.kill('SIGINT') }
  process.on('exit', stopOnExit)
  // Let Node exit on its own; the 'exit' hook above then stops postgres.
  child.unref()
  ;(child.stderr as net.Socket).unref()

  let stopping: Promise<void> | undefined
  const stop = () => stopping ??= stopChild(child).finally(() => process.off('exit', stopOnExit))
  const base = `postgres://postgres:${encodeURIComponent(secret.password)}@127.0.0.1:${port}`
  const adminUrl = `${base}/postgres`
  const database = opts.database ?? 'orderly'
  try {
    await waitUntilReady(child, adminUrl, clusterDir, recentLines)
    await ensureDatabase(adminUrl, database)
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `${base}/${encodeURIComponent(database)}`, adminUrl, stop }
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve()
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000) // also keeps Node alive until exit
    child.once('exit', () => { clearTimeout(killTimer); resolve() })
    child.kill('SIGINT') // fast shutdown: abort sessions, checkpoint, exit
  })
}

async function waitUntilReady(child: ChildProcess, adminUrl: string, clusterDir: string, log: string[]): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (!isRunning(child)) throw new Error(`PostgreSQL exited while starting (${child.exitCode ?? child.signalCode}): ${log.join(' | ')}`)
    try {
      // The data_directory check makes sure we reached our postmaster, not another server on that port.
      const dir = await withClient(adminUrl, async (c) => (await c.query<{ data_directory: string }>('show data_directory')).rows[0]?.data_directory)
      if (dir === clusterDir) return
      throw new Error(`port is served by another PostgreSQL (data directory ${dir})`)
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s: ${String(err)}`, { cause: err })
    }
    await sleep(50)
  }
}

// Check pg_database first: CREATE DATABASE has no IF NOT EXISTS.
async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const found = await c.query('select 1 from pg_database where datname = $1', [database])
    if (found.rowCount === 0) await c.query(`create database ${c.escapeIdentifier(database)}`)
  })
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  client.on('error', () => {}) // a server shutting down must not crash Node
  try {
    await client.connect()
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().unref().on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
