import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/adapters/persistence/embedded/embedded-postgres.js';
import { createSequelize } from '../../src/adapters/persistence/sequelize/db.js';
import { migrateUp } from '../../src/adapters/persistence/sequelize/migrator.js';
import { adminQuery, quoteIdent, withDatabase } from './postgres-admin.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** A maintenance database on the test server, for CREATE/DROP DATABASE. */
    databaseAdminUrl: string;
    /** Migrated once per run; each test file clones it (see database.ts). */
    templateDatabase: string;
    /** Prefix of the per-file databases, unique to this run so teardown drops only ours. */
    testDatabasePrefix: string;
  }
}

/**
 * Integration tests run against TEST_DATABASE_URL / DATABASE_URL when set, otherwise against
 * an embedded PostgreSQL in a throwaway directory. Migrations run once, into a template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  const externalUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  let tmpDir: string | undefined;
  if (!externalUrl) {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-test-'));
    await chmod(tmpDir, 0o755); // as root, postgres runs as the postgres user and must enter it
    embedded = await startEmbeddedPostgres({ dataDir: tmpDir });
  }
  const adminUrl = embedded?.adminUrl ?? externalUrl!;
  const template = `orderly_tpl_${runId}`;
  const prefix = `orderly_t_${runId}_`;

  const teardown = async () => {
    try {
      const dbs = await adminQuery<{ datname: string }>(adminUrl,
        "select datname from pg_database where datname = $1 or starts_with(datname, $2)", [template, prefix]);
      for (const { datname } of dbs) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    } finally {
      await embedded?.stop();
      if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    }
  };

  try {
    await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(template)}`);
    const sequelize = createSequelize(withDatabase(adminUrl, template), { poolMax: 1, statementTimeoutMs: 0 });
    try {
      await migrateUp(sequelize);
    } finally {
      await sequelize.close(); // a template must have no open connections to be cloned
    }
  } catch (err) {
    await teardown();
    throw err;
  }
  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('testDatabasePrefix', prefix);
  return teardown;
}
