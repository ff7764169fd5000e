import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from '../../logging/logger.js';
import type { UserChangeFeed, UserChangeListener } from '../user-change-feed.js';

export const USER_CHANGED_CHANNEL = 'user_changed';
/** Suffix of the listener's application_name, so pg_stat_activity tells it apart from the pool. */
export const LISTENER_APPLICATION_SUFFIX = '(user changes)';

export interface PostgresUserChangeFeedOptions {
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** First delay before reconnecting; doubles on each failure up to maxRetryMs (with jitter). */
  minRetryMs?: number;
  maxRetryMs?: number;
}

type State = 'stopped' | 'connecting' | 'live' | 'closed';

/**
 * User changes between instances through PostgreSQL: publish() is `NOTIFY user_changed,
 * '<id>'` on the ordinary pool, after the write committed; every instance LISTENs on a
 * connection of its own, outside the pool. PostgreSQL delivers a notification to every
 * listening session, the sender's included, within milliseconds of the commit.
 * When that connection drops (restart, failover, pg_terminate_backend) the feed stops
 * being live at once, tells its listeners to forget everything, and reconnects with
 * exponential backoff; back to live, it resets them again, since notifications sent in
 * between are lost for good. Keep-alive probes notice a peer that vanished silently;
 * until they do, the caches' TTL bounds what could be missed.
 * Nothing connects until start(): a one-off command (src/cli) only publishes.
 */
export class PostgresUserChangeFeed implements UserChangeFeed {
  private readonly listeners = new Set<UserChangeListener>();
  private state: State = 'stopped';
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly options: PostgresUserChangeFeedOptions = {},
  ) {}

  get live(): boolean {
    return this.state === 'live';
  }

  subscribe(listener: UserChangeListener): void {
    this.listeners.add(listener);
  }

  async publish(userId: string): Promise<void> {
    await this.sequelize.query('SELECT pg_notify($1, $2)', { bind: [USER_CHANGED_CHANNEL, userId], type: QueryTypes.SELECT });
  }

  /** Resolves after the first attempt, connected or not; a failed one keeps retrying in the background. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    await this.connect();
  }

  /** Graceful shutdown: no more retries, the LISTEN connection closes. */
  async close(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.resetListeners();
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    this.state = 'connecting';
    const client = new pg.Client(this.connectionConfig());
    this.client = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', ({ channel, payload }) => {
      if (channel !== USER_CHANGED_CHANNEL || !payload || this.client !== client) return;
      for (const listener of this.listeners) listener.changed(payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGED_CHANNEL}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.client !== client) return; // closed or lost meanwhile
    if (this.failures > 0) this.options.logger?.info('user change feed: listening again');
    this.failures = 0;
    // Anything cached before LISTEN took effect may have missed a notification.
    this.resetListeners();
    this.state = 'live';
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return; // a late event from a connection already given up
    this.client = undefined;
    client.end().catch(() => {});
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.resetListeners();
    const { minRetryMs = 100, maxRetryMs = 5000 } = this.options;
    const delay = Math.min(maxRetryMs, minRetryMs * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.failures += 1;
    this.options.logger?.warn(
      { err, retryInMs: Math.round(delay) },
      'user change feed: connection lost; user cache bypassed until it is back',
    );
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private resetListeners(): void {
    for (const listener of this.listeners) listener.reset();
  }

  /** The pool's own connection settings (see Sequelize's postgres connection manager), plus keep-alive. */
  private connectionConfig(): pg.ClientConfig {
    const { host, port, database, username, password, dialectOptions } = this.sequelize.config;
    const { ssl, application_name: applicationName, connectionTimeoutMillis } = (dialectOptions ?? {}) as pg.ClientConfig;
    return {
      host,
      port: port === undefined ? undefined : Number(port),
      database,
      user: username,
      password: password ?? undefined,
      ssl,
      application_name: `${applicationName ?? 'orderly'} ${LISTENER_APPLICATION_SUFFIX}`,
      connectionTimeoutMillis: connectionTimeoutMillis ?? 2000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
  }
}
