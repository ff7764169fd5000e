import type pg from 'pg';
import type { Sequelize } from 'sequelize';
import type { EventBus } from '../../application/ports/event-log.js';
import type { Logger } from '../logging/logger.js';
import { PgChannelListener, listenerConnectionOf, type ChannelListenerOptions } from '../postgres/pg-channel-listener.js';
import { isEventId } from './event-id.js';

/** The channel the events table's trigger notifies on commit, with the new id as payload. */
export const EVENTS_CHANNEL = 'orderly_events';

type Listener = (eventId: string | null) => void;

export interface PostgresEventBusOptions extends ChannelListenerOptions {
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * Fan-out across instances with LISTEN/NOTIFY. The notification carries only the event
 * id, so the 8000-byte payload limit never matters; receivers read the event from the
 * table. Notifications sent while the connection is down are lost, so after every
 * (re)connect the listeners get null: "read the table for whatever you missed".
 */
export class PostgresEventBus implements EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly channel: PgChannelListener;

  constructor(
    connection: () => pg.ClientConfig,
    private readonly options: PostgresEventBusOptions = {},
  ) {
    this.channel = new PgChannelListener(
      EVENTS_CHANNEL,
      connection,
      {
        // Anything but an id (a manual NOTIFY, a future trigger) still means "look at the table".
        notified: (payload) => this.emit(payload && isEventId(payload) ? payload : null),
        listening: () => this.emit(null),
      },
      options,
    );
  }

  get live(): boolean {
    return this.channel.live;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  stop(): Promise<void> {
    return this.channel.stop();
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

export const listenerConnection = (sequelize: Sequelize) => listenerConnectionOf(sequelize, 'orderly events listener');
