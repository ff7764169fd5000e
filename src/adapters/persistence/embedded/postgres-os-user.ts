import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Credentials to spawn initdb/postgres with; undefined means "as the current user". */
export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. When we are root (containers, CI) we run it as the
 * `postgres` system user, creating that user on first use.
 */
export async function resolveRunAsUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  if ((await postgresUserIds()) === undefined) {
    await run('useradd', ['--system', '--user-group', 'postgres']).catch(() => {});
  }
  const ids = await postgresUserIds();
  if (!ids) {
    throw new Error('PostgreSQL cannot run as root and no "postgres" user could be created; ' +
      'create one (useradd --system --user-group postgres) or run Orderly as a normal user.');
  }
  return ids;
}

async function postgresUserIds(): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/**
 * Fails with one actionable sentence when `runAs` cannot reach `dir` (e.g. a data dir under
 * /root, mode 700). Node drops supplementary groups when spawning with uid/gid, so only the
 * owner, primary-group and "other" bits count.
 */
export async function assertTraversable(dir: string, runAs: RunAs, what: string, fix: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const st = await stat(current);
    const bit = st.uid === runAs.uid ? 0o100 : st.gid === runAs.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user (uid ${runAs.uid}) because this process is root, ` +
          `but that user cannot enter ${current} on the way to ${what} ${dir}; ${fix}.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}
