import pg from 'pg';
import type { Sequelize } from 'sequelize';
import type { EventBus } from '../../application/ports/event-log.js';
import type { Logger } from '../logging/logger.js';
import { isEventId } from './event-id.js';

/** The channel the events table's trigger notifies on commit, with the new id as payload. */
export const EVENTS_CHANNEL = 'orderly_events';

type Listener = (eventId: string | null) => void;

export interface PostgresEventBusOptions {
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** First delay before reconnecting; doubles on each failure up to maxRetryMs (with jitter). */
  minRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * Fan-out across instances with LISTEN/NOTIFY on a dedicated connection (outside the pool,
 * which would hand the session to someone else). The notification carries only the event
 * id, so the 8000-byte payload limit never matters; receivers read the event from the table.
 * Notifications sent while the connection is down are lost, so after every (re)connect the
 * listeners get null: "read the table for whatever you missed". The connection comes back
 * by itself with exponential backoff; stop() ends it for good.
 */
export class PostgresEventBus implements EventBus {
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private state: 'stopped' | 'connecting' | 'live' | 'closed' = 'stopped';

  constructor(
    private readonly connection: () => pg.ClientConfig,
    private readonly options: PostgresEventBusOptions = {},
  ) {}

  get live(): boolean {
    return this.state === 'live';
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves after the first attempt, connected or not; a failed one keeps retrying in the background. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const client = new pg.Client(this.connection());
    this.client = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', ({ channel, payload }) => {
      if (channel !== EVENTS_CHANNEL || this.client !== client) return;
      // Anything but an id (a manual NOTIFY, a future trigger) still means "look at the table".
      this.emit(payload && isEventId(payload) ? payload : null);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.client !== client) return; // stopped or lost meanwhile
    if (this.failures > 0) this.options.logger?.info('event bus: listening again');
    this.failures = 0;
    this.state = 'live';
    this.emit(null);
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return; // a late event from a connection already given up
    this.client = undefined;
    client.end().catch(() => {});
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const { minRetryMs = 100, maxRetryMs = 5000 } = this.options;
    const delay = Math.min(maxRetryMs, minRetryMs * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.failures += 1;
    this.options.logger?.warn({ err, retryInMs: Math.round(delay) }, 'event bus: connection lost; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private emit(eventId: string | null): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(eventId);
      } catch (err) {
        this.options.logger?.error({ err }, 'event bus listener failed');
      }
    }
  }
}

/** The pool's own connection settings (Sequelize's postgres dialect), plus TCP keep-alive. */
export function listenerConnection(sequelize: Sequelize): () => pg.ClientConfig {
  return () => {
    const { host, port, database, username, password, dialectOptions } = sequelize.config;
    const { ssl, connectionTimeoutMillis } = (dialectOptions ?? {}) as pg.ClientConfig;
    return {
      host,
      port: port === undefined ? undefined : Number(port),
      database,
      user: username,
      password: password ?? undefined,
      ssl,
      application_name: 'orderly events listener',
      connectionTimeoutMillis: connectionTimeoutMillis ?? 2000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
  };
}
