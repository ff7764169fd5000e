import pg from 'pg';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug, type MigrationFn, type UmzugOptions } from 'umzug';

export type Migrator = Umzug<QueryInterface>;

export interface MigratorOptions {
  migrationsDir?: string;
  /** Umzug logs to the console by default; we stay quiet unless a logger is given. */
  logger?: UmzugOptions['logger'];
}

interface MigrationModule {
  up: MigrationFn<QueryInterface>;
  down?: MigrationFn<QueryInterface>;
}

const thisFile = fileURLToPath(import.meta.url);
// Source: src/adapters/persistence/sequelize/migrator.ts -> migrations/*.ts
// Compiled: dist/src/adapters/persistence/sequelize/migrator.js -> dist/migrations/*.js
const defaultMigrationsDir = path.resolve(path.dirname(thisFile), '../../../../migrations');
const migrationExtension = path.extname(thisFile);

export function createMigrator(sequelize: Sequelize, opts: MigratorOptions = {}): Migrator {
  const cwd = opts.migrationsDir ?? defaultMigrationsDir;
  return new Umzug<QueryInterface>({
    migrations: {
      glob: [`*${migrationExtension}`, { cwd, ignore: ['*.d.ts'] }],
      resolve: ({ path: file }) => {
        if (!file) throw new Error('Migrations must be files');
        const load = () => import(pathToFileURL(file).href) as Promise<MigrationModule>;
        return {
          // Without the extension, so running from source (.ts) or from dist (.js) agrees
          // on what has been executed.
          name: path.basename(file, migrationExtension),
          up: async (params) => (await load()).up(params),
          down: async (params) => {
            const { down } = await load();
            if (!down) throw new Error(`Migration ${path.basename(file)} has no down()`);
            return down(params);
          },
        };
      },
    },
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: opts.logger,
  });
}

/** Any fixed number: the key of the advisory lock that migrations take. */
const MIGRATION_LOCK = 7_270_736_901;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock on a connection of
 * its own, so instances starting together migrate one after the other instead of racing.
 */
export async function migrateUp(sequelize: Sequelize, opts?: MigratorOptions): Promise<string[]> {
  const { host, port, username, password, database } = sequelize.config;
  const lock = new pg.Client({ host, port: Number(port), user: username, password: password ?? undefined, database });
  lock.on('error', () => {}); // the server going away must not crash Node; the query below fails instead
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await createMigrator(sequelize, opts).up();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

export async function migrationStatus(
  sequelize: Sequelize,
  opts?: MigratorOptions,
): Promise<{ executed: string[]; pending: string[] }> {
  const migrator = createMigrator(sequelize, opts);
  // One after the other: both create the storage table on first use.
  const executed = await migrator.executed();
  const pending = await migrator.pending();
  return { executed: executed.map((m) => m.name), pending: pending.map((m) => m.name) };
}
