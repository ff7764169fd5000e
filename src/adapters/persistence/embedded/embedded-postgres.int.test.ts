import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { isProcessAlive } from './postmaster-process.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const postmasterPid = async (dataDir: string) =>
  Number.parseInt((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);

async function portRefuses(url: string): Promise<boolean> {
  const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
  // events.once rejects when 'error' fires first.
  const outcome = await once(socket, 'connect').then(() => 'open', (err: NodeJS.ErrnoException) => err.code);
  socket.destroy();
  return outcome === 'ECONNREFUSED';
}

/** Starts the embedded server in a separate Node process and SIGKILLs that process. */
async function orphanPostmaster(dataDir: string): Promise<number> {
  const modulePath = fileURLToPath(new URL('./embedded-postgres.ts', import.meta.url));
  const script = `const { startEmbeddedPostgres } = await import(${JSON.stringify(modulePath)});
    await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }); console.log('ready'); setInterval(() => {}, 1000);`;
  const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(owner.stdout, 'data');
  owner.kill('SIGKILL');
  await once(owner, 'exit');
  return postmasterPid(dataDir);
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;
  let server: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-embedded-'));
    await chmod(dataDir, 0o755); // as root, the postgres user must be able to enter it
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the requested database on 127.0.0.1 and stops its postmaster', async () => {
    server = await startEmbeddedPostgres({ dataDir, database: 'orderly_embedded' });
    expect(server.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/orderly_embedded$/);
    expect(server.adminUrl).toMatch(/\/postgres$/);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await query(server.url, "create table notes (body text); insert into notes values ('kept')");

    const pid = await postmasterPid(dataDir);
    await server.stop();
    expect(isProcessAlive(pid)).toBe(false);
    expect(await portRefuses(server.url)).toBe(true);
  });

  it('keeps the data across restarts', async () => {
    server = await startEmbeddedPostgres({ dataDir, database: 'orderly_embedded' });
    expect(await query(server.url, 'select body from notes')).toEqual([{ body: 'kept' }]);
  });

  it('refuses to start a second server on a data dir that a live process is using', async () => {
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(`owned by process ${process.pid}`);
    expect(await query(server!.url, 'select body from notes')).toEqual([{ body: 'kept' }]);
    await server!.stop();
    await server!.stop(); // idempotent
  });

  it('stops a postmaster orphaned by a SIGKILLed Node process before starting', async () => {
    const orphan = await orphanPostmaster(dataDir);
    expect(isProcessAlive(orphan)).toBe(true);

    const lines: string[] = [];
    server = await startEmbeddedPostgres({ dataDir, database: 'orderly_embedded', onLog: (l) => lines.push(l) });
    expect(isProcessAlive(orphan)).toBe(false);
    expect(lines.join('\n')).toContain(`stopping postmaster ${orphan} orphaned`);
    expect(await query(server.url, 'select body from notes')).toEqual([{ body: 'kept' }]);
    await server.stop();
  });
});
