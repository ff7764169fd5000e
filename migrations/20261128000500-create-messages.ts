import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/** Per-order chat (API.md, Chat): the messages and each user's read marker per order. */
export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    const run = (sql: string) => context.sequelize.query(sql, { transaction });
    await run(
      `CREATE TABLE messages (
        -- Monotonic: pages and read markers compare ids, never timestamps.
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        -- The author as they were at the time (no FK: a message outlives renames and deletions).
        author_id uuid NOT NULL,
        author_name text NOT NULL,
        author_role text NOT NULL CHECK (author_role IN ('customer', 'staff', 'admin')),
        -- Verbatim, as posted (the application checks length and NUL).
        body text NOT NULL,
        -- The poster's own id for the message: a retried post finds the first one.
        client_id text,
        created_at timestamptz NOT NULL,
        -- The conflict target of the idempotent post. NULL client_ids never collide
        -- (NULLS DISTINCT), so posts without a client id are never deduplicated.
        CONSTRAINT messages_order_author_client_key UNIQUE (order_id, author_id, client_id)
      )`,
    );
    // Keyset pages (newest first / after an id) and unread counts per order.
    await run('CREATE INDEX messages_order_id_id_idx ON messages (order_id, id)');
    await run(
      `CREATE TABLE message_reads (
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        -- No FK, like the authors: a marker is only ever looked up by its user.
        user_id uuid NOT NULL,
        -- Only ever moves forward (GREATEST on upsert).
        last_read_message_id bigint NOT NULL CHECK (last_read_message_id >= 0),
        PRIMARY KEY (order_id, user_id)
      )`,
    );
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE message_reads, messages');
};
