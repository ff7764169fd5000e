import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Transactional outbox for the live stream: every order write inserts its event in the
 * same transaction, so a committed change always has its event and a rolled-back one never
 * does. The SSE relay reads it in id order (LISTEN/NOTIFY wakes it up).
 */
export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    await context.sequelize.query(
      `CREATE TABLE events (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        -- No foreign key: an event is a record of what happened, kept for its retention period.
        order_id uuid NOT NULL,
        -- Whose stream may see it: customers only receive events of their own orders.
        customer_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      { transaction },
    );
    // Retention pruning (24 h) and replay after Last-Event-ID for one customer.
    await context.sequelize.query('CREATE INDEX events_created_at_idx ON events (created_at)', { transaction });
    await context.sequelize.query('CREATE INDEX events_customer_id_id_idx ON events (customer_id, id)', { transaction });
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE events');
};
