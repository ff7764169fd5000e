import { QueryTypes, type Sequelize } from 'sequelize';
import type { EventLog, EventType, StoredEvent } from '../../../application/ports/event-log.js';
import { parseSerialId } from '../serial-id.js';

interface EventRow {
  id: string;
  type: EventType;
  order_id: string;
  customer_id: string;
  payload: unknown;
  created_at: Date;
}

const toEvent = (row: EventRow): StoredEvent => ({
  id: String(row.id),
  type: row.type,
  orderId: row.order_id,
  customerId: row.customer_id,
  payload: row.payload,
  createdAt: row.created_at,
});

/**
 * Reads the events table. Ids become visible strictly in id order (the trigger of the
 * events-commit-order migration), so "WHERE id > last ORDER BY id" never skips an event.
 */
export class SequelizeEventLog implements EventLog {
  constructor(private readonly sequelize: Sequelize) {}

  /** A primary-key range scan. `afterId` that is not an id is a ValidationError (path 'afterId'). */
  async readAfter(afterId: string | null, limit: number): Promise<StoredEvent[]> {
    const after = afterId === null ? '0' : parseSerialId(afterId, 'afterId');
    const rows = await this.sequelize.query<EventRow>(
      'SELECT id, type, order_id, customer_id, payload, created_at FROM events WHERE id > $1::bigint ORDER BY id LIMIT $2',
      { bind: [after, limit], type: QueryTypes.SELECT },
    );
    return rows.map(toEvent);
  }

  /** The newest visible id (backward scan of the primary key). */
  async latestId(): Promise<string | null> {
    const [row] = await this.sequelize.query<{ id: string | null }>('SELECT max(id)::text AS id FROM events', { type: QueryTypes.SELECT });
    return row?.id ?? null;
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    const [row] = await this.sequelize.query<{ deleted: number }>(
      'WITH gone AS (DELETE FROM events WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS deleted FROM gone',
      { bind: [cutoff], type: QueryTypes.SELECT },
    );
    return Number(row?.deleted ?? 0);
  }
}
