import { randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { inject } from 'vitest';
import { createSequelize } from '../../src/adapters/persistence/sequelize/db.js';
import { adminQuery, quoteIdent, withDatabase } from './postgres-admin.js';

export interface TestDatabase {
  url: string;
  sequelize: Sequelize;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A private, already-migrated database for one test file: cloning the template built by
 * global-setup.ts takes milliseconds, and files running in parallel never see each other's rows.
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `${inject('testDatabasePrefix')}${randomBytes(4).toString('hex')}`;
  // template0 = an empty database, for tests of the migrations themselves.
  const template = migrated ? inject('templateDatabase') : 'template0';
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  const url = withDatabase(adminUrl, name);
  const sequelize = createSequelize(url, { poolMax: 5 });
  return {
    url,
    sequelize,
    async drop() {
      await sequelize.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    },
  };
}

/** A second pool on a test database whose logger records every statement it sends (to count round trips), without Sequelize's "Executing (…): " prefix. */
export interface StatementCountingPool {
  sequelize: Sequelize;
  /** The statements sent since the last reset. */
  readonly statements: readonly string[];
  reset(): void;
  close(): Promise<void>;
}

export function statementCountingPool(db: TestDatabase): StatementCountingPool {
  const statements: string[] = [];
  const sequelize = createSequelize(db.url, { poolMax: 2, logging: (sql) => statements.push(sql.replace(/^Executing \([^)]*\): /, '')) });
  return { sequelize, statements, reset: () => void statements.splice(0), close: () => sequelize.close() };
}
