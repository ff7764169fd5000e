import pg from 'pg';
import type { Sequelize } from 'sequelize';
import type { Logger } from '../logging/logger.js';

export interface ChannelHandlers {
  /** A NOTIFY on the channel, with its payload. */
  notified(payload: string | undefined): void;
  /** LISTEN is in effect again after a (re)connect: anything sent meanwhile was lost. */
  listening(): void;
  /** The connection dropped; notifications are lost until listening() comes again. */
  lost?(): void;
}

export interface ChannelListenerOptions {
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** First delay before reconnecting; doubles on each failure up to maxRetryMs (with jitter). */
  minRetryMs?: number;
  maxRetryMs?: number;
}

type State = 'stopped' | 'connecting' | 'live' | 'closed';

/**
 * LISTEN on one channel over a connection of its own (outside the pool, which would hand
 * the session to someone else). The connection comes back by itself with exponential
 * backoff and jitter; stop() ends it for good. What to do about missed notifications is
 * the owner's business: it hears lost() and listening().
 */
export class PgChannelListener {
  private state: State = 'stopped';
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly channel: string,
    private readonly connection: () => pg.ClientConfig,
    private readonly handlers: ChannelHandlers,
    private readonly options: ChannelListenerOptions = {},
  ) {}

  get live(): boolean {
    return this.state === 'live';
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
    client.on('error', (err) => this.drop(client, err));
    client.on('end', () => this.drop(client, new Error('connection ended')));
    client.on('notification', ({ channel, payload }) => {
      if (channel === this.channel && this.client === client) this.handlers.notified(payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (err) {
      this.drop(client, err);
      return;
    }
    if (this.client !== client) return; // stopped or lost meanwhile
    if (this.failures > 0) this.options.logger?.info({ channel: this.channel }, 'listening again');
    this.failures = 0;
    this.state = 'live';
    this.handlers.listening();
  }

  private drop(client: pg.Client, err: unknown): void {
    if (this.client !== client) return; // a late event from a connection already given up
    this.client = undefined;
    client.end().catch(() => {});
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.handlers.lost?.();
    const { minRetryMs = 100, maxRetryMs = 5000 } = this.options;
    const delay = Math.min(maxRetryMs, minRetryMs * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.failures += 1;
    this.options.logger?.warn({ err, channel: this.channel, retryInMs: Math.round(delay) }, 'listener connection lost; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}

/**
 * The pool's own connection settings (Sequelize's postgres dialect), named so that
 * pg_stat_activity tells the listener apart, plus TCP keep-alive to notice a vanished peer.
 */
export function listenerConnectionOf(sequelize: Sequelize, applicationName: string): () => pg.ClientConfig {
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
      application_name: applicationName,
      connectionTimeoutMillis: connectionTimeoutMillis ?? 2000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
  };
}
