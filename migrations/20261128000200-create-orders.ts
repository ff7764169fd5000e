import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

const STATUSES = "'pending', 'confirmed', 'preparing', 'shipped', 'delivered', 'cancelled'";

/** The Order aggregate: the order row, its items and its status history. */
export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    const run = (sql: string) => context.sequelize.query(sql, { transaction });
    // Human-friendly order numbers (#1001, #1002, ...). Gaps after a rollback are fine.
    await run('CREATE SEQUENCE order_number_seq START 1001');
    await run(
      `CREATE TABLE orders (
        id uuid PRIMARY KEY,
        number bigint NOT NULL UNIQUE DEFAULT nextval('order_number_seq'),
        customer_id uuid NOT NULL REFERENCES users (id),
        -- The customer's name at placement (API.md order.customer.name), so lists need no join.
        customer_name text NOT NULL,
        status text NOT NULL CHECK (status IN (${STATUSES})),
        total_cents bigint NOT NULL CHECK (total_cents >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        note text,
        -- Number of status moves; the optimistic-concurrency token (ETag).
        version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    );
    // Lists page newest first by (created_at, id); one index per filter combination, so a
    // deep keyset page is an index range scan whatever the filters.
    await run('CREATE INDEX orders_created_at_id_idx ON orders (created_at DESC, id DESC)');
    await run('CREATE INDEX orders_customer_created_at_id_idx ON orders (customer_id, created_at DESC, id DESC)');
    await run('CREATE INDEX orders_status_created_at_id_idx ON orders (status, created_at DESC, id DESC)');
    await run(
      'CREATE INDEX orders_customer_status_created_at_id_idx ON orders (customer_id, status, created_at DESC, id DESC)',
    );
    await run(
      `CREATE TABLE order_items (
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        name text NOT NULL,
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        unit_price_cents integer NOT NULL CHECK (unit_price_cents BETWEEN 0 AND 10000000),
        PRIMARY KEY (order_id, position)
      )`,
    );
    await run(
      `CREATE TABLE order_status_history (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        from_status text CHECK (from_status IN (${STATUSES})),
        to_status text NOT NULL CHECK (to_status IN (${STATUSES})),
        -- The actor as they were at the time (no FK: history outlives renames and deletions).
        actor_id uuid NOT NULL,
        actor_name text NOT NULL,
        actor_role text NOT NULL CHECK (actor_role IN ('customer', 'staff', 'admin')),
        note text,
        at timestamptz NOT NULL
      )`,
    );
    await run('CREATE INDEX order_status_history_order_id_id_idx ON order_status_history (order_id, id)');
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    await context.sequelize.query('DROP TABLE order_status_history, order_items, orders', { transaction });
    await context.sequelize.query('DROP SEQUENCE order_number_seq', { transaction });
  });
};
