import type { Sequelize } from 'sequelize';
import { isDatabaseUnavailable } from './db.js';

/** A statement PostgreSQL parses and plans once per pooled connection, then only executes. */
export interface PreparedStatement {
  /** Unique per text: a connection that already prepared `name` skips straight to executing. */
  name: string;
  text: string;
}

/** What Sequelize's postgres pool hands out: a pg Client, plus Sequelize's validity flag. */
interface PooledClient {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  _invalid?: boolean;
}

/**
 * Runs one statement on a connection of Sequelize's own pool (same limits, timeouts and type
 * parsers as every other query) as a named prepared statement, so the hot paths skip
 * Sequelize's query pipeline and PostgreSQL's parse and plan on every call. Outside a
 * transaction: a write is its own transaction, committed when the statement ends. Bind
 * values only, never spliced text. A connection that broke under the query is marked invalid, as
 * Sequelize does itself, so the pool replaces it. Sequelize's `logging` sees the statement
 * like any other.
 */
export async function queryPrepared<R>(sequelize: Sequelize, statement: PreparedStatement, values: unknown[]): Promise<R[]> {
  // `options` is public at runtime but missing from Sequelize's typings.
  const log = (sequelize as unknown as { options: { logging?: unknown } }).options.logging;
  if (typeof log === 'function') (log as (sql: string) => void)(`Executing (default): ${statement.text}`);
  const pool = sequelize.connectionManager;
  const client = (await pool.getConnection({ type: 'read' })) as PooledClient;
  try {
    return (await client.query<R>({ name: statement.name, text: statement.text, values })).rows;
  } catch (err) {
    if (isDatabaseUnavailable(err)) client._invalid = true;
    throw err;
  } finally {
    pool.releaseConnection(client);
  }
}
