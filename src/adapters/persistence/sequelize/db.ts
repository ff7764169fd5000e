import pg from 'pg';
import { ConnectionError, Sequelize } from 'sequelize';

/**
 * pg's Client with an 'error' listener from the start. Sequelize attaches its own only once
 * the connect callback's promise has resolved; when PostgreSQL ends a connection in the same
 * packet that completes its handshake (a shutdown racing a new connection), pg emits 'error'
 * in between, and an 'error' nobody listens to crashes the process. The connection is marked
 * invalid, so the pool drops it; the query waiting on it fails as unavailable (503).
 */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {
      (this as { _invalid?: boolean })._invalid = true;
    });
  }
}
const pgForSequelize = { ...pg, Client: ListenedClient };

export interface CreateSequelizeOptions {
  logging?: (sql: string) => void;
  poolMax?: number;
  /** Server-side limit per statement; 0 disables it (long migrations). Default 15 s. */
  statementTimeoutMs?: number;
}

/**
 * A Sequelize instance tuned to FAIL FAST while PostgreSQL is down instead of queueing
 * requests: a refused connection rejects at once, a silent host after 2 s, a pool wait
 * after 3 s. Broken connections are evicted, so the pool heals when the server is back.
 */
export function createSequelize(url: string, opts: CreateSequelizeOptions = {}): Sequelize {
  return new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pgForSequelize,
    logging: opts.logging ?? false,
    pool: { max: opts.poolMax ?? 10, min: 0, acquire: 3000, idle: 10_000, evict: 1000 },
    dialectOptions: {
      connectionTimeoutMillis: 2000, // pg: TCP connect + startup handshake
      statement_timeout: opts.statementTimeoutMs ?? 15_000, // pg startup parameter; 0 = not sent
      application_name: 'orderly', // shows up in pg_stat_activity
    },
    define: { underscored: true },
  });
}

// SQLSTATE class 08 = connection exception; 57P01-03 = admin/crash shutdown, cannot connect now.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123])$/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// pg errors without a code: the socket closed under a query, or a client reused after that.
const UNAVAILABLE_MESSAGES = /Connection terminated|Client has encountered a connection error/i;

/**
 * True when `err` means "PostgreSQL cannot be reached right now" (worth a 503 and a retry),
 * as opposed to a bug or a constraint violation. Looks through Sequelize's wrappers
 * (`original`/`parent`) because a server dying mid-query surfaces as a DatabaseError.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let current = err, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof ConnectionError) return true;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    const inner = current as { original?: unknown; parent?: unknown; cause?: unknown };
    current = inner.original ?? inner.parent ?? inner.cause;
  }
  return false;
}
