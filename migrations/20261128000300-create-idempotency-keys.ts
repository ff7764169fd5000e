import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * The first response to each (user, Idempotency-Key), replayed on a retry for 24 hours
 * (API.md, POST /api/orders). Older rows are ignored on read and replaced on reuse.
 */
export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    await context.sequelize.query(
      `CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        -- A canonical form of the request body: the same key with another body is refused.
        fingerprint text NOT NULL,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        -- The order snapshot at placement, replayed as the response.
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`,
      { transaction },
    );
    // Pruning deletes rows older than 24 hours.
    await context.sequelize.query('CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)', {
      transaction,
    });
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE idempotency_keys');
};
