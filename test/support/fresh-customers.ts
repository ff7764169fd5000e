import { QueryTypes, type Sequelize } from 'sequelize';

export type Customer = { id: string; name: string };

/**
 * Empties the tables of orders, chat and events, and inserts two customers (Ann, Bob):
 * the starting point of the PostgreSQL contract suites, whose orders need real users.
 */
export async function freshCustomers(sequelize: Sequelize): Promise<[Customer, Customer]> {
  await sequelize.query('TRUNCATE users, orders, order_items, order_status_history, idempotency_keys, events, messages, message_reads CASCADE');
  const rows = await sequelize.query<Customer>(
    `INSERT INTO users (email, name, role, password_hash)
     VALUES ('ann@x.test', 'Ann', 'customer', 'x'), ('bob@x.test', 'Bob', 'customer', 'x') RETURNING id, name`,
    { type: QueryTypes.SELECT },
  );
  return [rows[0]!, rows[1]!];
}
