import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** True while `pid` runs. A zombie counts as gone: it holds no port and no lock. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc (macOS): trust kill(0)
  }
}

export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false
    await sleep(50)
  }
  return true
}

/** Sends SIGINT (fast shutdown), escalating to SIGKILL when it does not exit in time. */
export async function stopPostmasterPid(pid: number, graceMs = 10_000): Promise<void> {
  signal(pid, 'SIGINT')
  if (await waitForProcessExit(pid, graceMs)) return
  signal(pid, 'SIGKILL')
  await waitForProcessExit(pid, 5_000)
}

/**
 * A postmaster survives when Node is SIGKILLed (it runs in its own process group). Postgres
 * copes with a stale postmaster.pid whose process is dead, but refuses to start while that
 * process lives, so stop it first. The command-line check guards against a recycled pid.
 */
export async function stopLeftoverPostmaster(clusterDir: string, onLog: (line: string) => void): Promise<void> {
  let pid: number
  try {
    pid = Number.parseInt((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10)
  } catch {
    return
  }
  if (!(pid > 0) || !isProcessAlive(pid) || !runsOnCluster(pid, clusterDir)) return
  onLog(`stopping postmaster ${pid} left running by an earlier run`)
  await stopPostmasterPid(pid)
}

function runsOnCluster(pid: number, clusterDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(clusterDir)
  } catch {
    return true // no /proc: the lock file is our best evidence
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}
