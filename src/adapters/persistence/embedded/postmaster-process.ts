import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

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

export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * A postmaster survives when Node is SIGKILLed (it runs in its own process group). Postgres
 * copes with a stale postmaster.pid whose process is dead, but refuses to start while that
 * process lives, so stop it first: SIGINT (fast shutdown), then SIGKILL after 10 s.
 * The command-line check guards against a recycled pid.
 */
export async function stopLeftoverPostmaster(clusterDir: string, onLog: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    const lockFile = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
    pid = Number.parseInt(lockFile.split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!(pid > 0) || !isProcessAlive(pid) || !runsOnCluster(pid, clusterDir)) return;
  onLog(`stopping postmaster ${pid} left running by an earlier run`);
  signal(pid, 'SIGINT');
  if (await waitForProcessExit(pid, 10_000)) return;
  signal(pid, 'SIGKILL');
  await waitForProcessExit(pid, 5_000);
}

function runsOnCluster(pid: number, clusterDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(clusterDir);
  } catch {
    return true; // no /proc: the lock file is our best evidence
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
