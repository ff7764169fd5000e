import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Passed as `-c orderly.owner_pid=<pid>` so a later run can tell an orphan from a server in use. */
export const ownerTag = (pid: number) => `orderly.owner_pid=${pid}`;

/** True while `pid` runs. A zombie counts as gone: it holds no port and no lock. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): trust kill(pid, 0)
  }
}

async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * A postmaster survives when its Node owner is SIGKILLed (it runs in its own process group).
 * Postgres copes with a stale postmaster.pid whose process is dead, but refuses to start while
 * that process lives, so stop such an orphan first (SIGINT, then SIGKILL after 10 s). A
 * postmaster whose owner is still its parent belongs to a running server: leave it alone.
 */
export async function stopOrphanedPostmaster(clusterDir: string, onLog: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    const lockFile = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
    pid = Number.parseInt(lockFile.split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!(pid > 0) || !isProcessAlive(pid)) return;
  const proc = describeProcess(pid);
  if (proc && !proc.command.includes(clusterDir)) return; // a recycled pid: postgres sorts it out
  const owner = Number(/orderly\.owner_pid=(\d+)/.exec(proc?.command ?? '')?.[1] ?? 0);
  if (!proc || !owner || proc.ppid === owner) {
    throw new Error(`The embedded PostgreSQL in ${clusterDir} is already running (postmaster ${pid}` +
      `${owner ? `, owned by process ${owner}` : ''}); stop that process first, or set DATABASE_URL to share its server.`);
  }
  onLog(`stopping postmaster ${pid} orphaned by process ${owner}`);
  signal(pid, 'SIGINT');
  if (await waitForProcessExit(pid, 10_000)) return;
  signal(pid, 'SIGKILL');
  await waitForProcessExit(pid, 5_000);
}

function describeProcess(pid: number): { ppid: number; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); // "pid (comm) state ppid ..."
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { ppid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') };
  } catch {
    // no /proc (macOS): ask ps
  }
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    const match = /^\s*(\d+)\s+(.*)$/s.exec(out);
    return match ? { ppid: Number(match[1]), command: match[2]! } : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
