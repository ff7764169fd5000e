import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunAs } from './postgres-os-user.js';

const exists = (file: string) => access(file).then(() => true, () => false);

export function isInitialised(clusterDir: string): Promise<boolean> {
  return exists(path.join(clusterDir, 'PG_VERSION'));
}

/**
 * The superuser password lives next to the cluster (mode 600), generated once so the data
 * survives restarts. As root the file belongs to the postgres user, since initdb reads it.
 */
export async function loadOrCreatePassword(
  dataDir: string,
  clusterDir: string,
  runAs?: RunAs,
): Promise<{ password: string; file: string }> {
  const file = path.join(dataDir, 'postgres-password');
  if (await exists(file)) return { password: (await readFile(file, 'utf8')).trim(), file };
  if (await isInitialised(clusterDir)) {
    throw new Error(
      `The PostgreSQL cluster in ${clusterDir} exists but its password file ${file} is missing; ` +
        'restore the file, or delete the cluster directory to start from an empty database.',
    );
  }
  const password = randomBytes(18).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  if (runAs) await chown(file, runAs.uid, runAs.gid);
  return { password, file };
}

export async function initCluster(
  initdb: string,
  clusterDir: string,
  passwordFile: string,
  runAs: RunAs | undefined,
  onLog: (line: string) => void,
): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(clusterDir, runAs.uid, runAs.gid);
  // The builtin C.UTF-8 provider gives Unicode-aware lower() (for lower(email) indexes)
  // without depending on the locales installed on the host.
  const args = ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`,
    '-E', 'UTF8', '--no-locale', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
  let output = '';
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(initdb, args, { stdio: ['ignore', 'pipe', 'pipe'], ...runAs });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  output.split('\n').filter(Boolean).forEach(onLog);
  if (code !== 0) throw new Error(`initdb failed for ${clusterDir} (exit ${code}): ${output.trim()}`);
}

/**
 * Unix socket paths must stay short (about 100 bytes), so the socket goes to /tmp rather than
 * the data dir; the hash keeps clusters apart. Postgres touches the socket files, so tmp
 * cleaners leave them alone.
 */
export async function prepareSocketDir(clusterDir: string, runAs?: RunAs): Promise<string> {
  const dir = `/tmp/orderly-pg-${createHash('sha256').update(clusterDir).digest('hex').slice(0, 16)}`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
  return dir;
}
