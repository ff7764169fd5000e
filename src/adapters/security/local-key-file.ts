import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LocalKeyFile {
  content: string;
  created: boolean;
  /** True when group or others may read the file (someone loosened it by hand). */
  readableByOthers: boolean;
}

/**
 * Reads a development key file, creating it first when it does not exist. The key
 * directory is 0700 and the file 0600. The file appears atomically (written aside,
 * then hard-linked into place, which fails if it exists), so two processes starting
 * together end up with the same key instead of one overwriting the other's.
 */
export async function readOrCreateKeyFile(path: string, create: () => Promise<string>): Promise<LocalKeyFile> {
  const existing = await readIfExists(path);
  if (existing !== undefined) return existing;

  const dir = dirname(path);
  // Only the key directory is ours to lock down: DATA_DIR itself may hold data other
  // processes (the embedded PostgreSQL's own user) must traverse.
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);

  const content = await create();
  const aside = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(aside, content, { mode: 0o600, flag: 'wx' });
    await link(aside, path);
    return { content, created: true, readableByOthers: false };
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return (await readIfExists(path))!;
  } finally {
    await rm(aside, { force: true });
  }
}

async function readIfExists(path: string): Promise<LocalKeyFile | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { content, created: false, readableByOthers: (info.mode & 0o077) !== 0 };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function errorCode(error: unknown): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
