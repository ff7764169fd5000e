import pg from 'pg';

/**
 * Bulk-loads `customers` customers and `orders` orders (one item and one history entry
 * each, spread one second apart, newest first by creation) straight into PostgreSQL:
 * the benchmark measures reading and moving orders, not placing ten thousand of them.
 */
export async function seedOrders(databaseUrl: string, customers: number, orders: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at)
       SELECT gen_random_uuid(), 'bench-' || g || '@example.test', 'Bench Customer ' || g, 'customer', 'not-a-login', now(), now()
       FROM generate_series(1, $1) g`,
      [customers],
    );
    await client.query(
      `WITH c AS (SELECT id, name, row_number() OVER (ORDER BY email) - 1 AS rn FROM users WHERE email LIKE 'bench-%')
       INSERT INTO orders (id, customer_id, customer_name, status, total_cents, currency, note, version, created_at, updated_at)
       SELECT gen_random_uuid(), c.id, c.name, 'pending', 3700, 'USD', NULL, 0,
              now() - make_interval(secs => g), now() - make_interval(secs => g)
       FROM generate_series(1, $1) g JOIN c ON c.rn = g % $2`,
      [orders, customers],
    );
    await client.query(
      `INSERT INTO order_items (order_id, position, name, quantity, unit_price_cents)
       SELECT id, 0, 'Espresso beans 1kg', 2, 1850 FROM orders`,
    );
    await client.query(
      `INSERT INTO order_status_history (order_id, from_status, to_status, actor_id, actor_name, actor_role, note, at)
       SELECT id, NULL, 'pending', customer_id, customer_name, 'customer', NULL, created_at FROM orders`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Ids and keyset positions of the orders, newest first. */
export async function orderPositions(databaseUrl: string): Promise<Array<{ id: string; createdAt: Date }>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM orders ORDER BY created_at DESC, id DESC');
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
  } finally {
    await client.end();
  }
}
