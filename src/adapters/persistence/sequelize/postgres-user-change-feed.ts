import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from '../../logging/logger.js';
import { PgChannelListener, listenerConnectionOf, type ChannelListenerOptions } from '../../postgres/pg-channel-listener.js';
import type { UserChangeFeed, UserChangeListener } from '../user-change-feed.js';

export const USER_CHANGED_CHANNEL = 'user_changed';
/** Suffix of the listener's application_name, so pg_stat_activity tells it apart from the pool. */
export const LISTENER_APPLICATION_SUFFIX = '(user changes)';

export interface PostgresUserChangeFeedOptions extends ChannelListenerOptions {
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * User changes between instances through PostgreSQL: publish() is `NOTIFY user_changed,
 * '<id>'` on the ordinary pool, after the write committed; every instance LISTENs on a
 * connection of its own. PostgreSQL delivers a notification to every listening session,
 * the sender's included, within milliseconds of the commit. While that connection is
 * down the listeners are told to forget everything (and again once it is back, since
 * notifications sent in between are lost for good); until keep-alive notices a peer that
 * vanished silently, the caches' TTL bounds what could be missed.
 * Nothing connects until start(): a one-off command (src/cli) only publishes.
 */
export class PostgresUserChangeFeed implements UserChangeFeed {
  private readonly listeners = new Set<UserChangeListener>();
  private readonly channel: PgChannelListener;

  constructor(
    private readonly sequelize: Sequelize,
    options: PostgresUserChangeFeedOptions = {},
  ) {
    const applicationName = `${(sequelize.config.dialectOptions as { application_name?: string } | undefined)?.application_name ?? 'orderly'} ${LISTENER_APPLICATION_SUFFIX}`;
    this.channel = new PgChannelListener(
      USER_CHANGED_CHANNEL,
      listenerConnectionOf(sequelize, applicationName),
      {
        notified: (payload) => {
          if (payload) for (const listener of this.listeners) listener.changed(payload);
        },
        // Anything cached before LISTEN took effect may have missed a notification.
        listening: () => this.resetListeners(),
        lost: () => this.resetListeners(),
      },
      options,
    );
  }

  get live(): boolean {
    return this.channel.live;
  }

  subscribe(listener: UserChangeListener): void {
    this.listeners.add(listener);
  }

  async publish(userId: string): Promise<void> {
    await this.sequelize.query('SELECT pg_notify($1, $2)', { bind: [USER_CHANGED_CHANNEL, userId], type: QueryTypes.SELECT });
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  /** Graceful shutdown: no more retries, the LISTEN connection closes. */
  async close(): Promise<void> {
    await this.channel.stop();
    this.resetListeners();
  }

  private resetListeners(): void {
    for (const listener of this.listeners) listener.reset();
  }
}
