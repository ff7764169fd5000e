import pg from 'pg';

/** One short-lived superuser connection; errors after the server goes away are ignored. */
export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {}); // a server shutting down must not crash Node
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** CREATE DATABASE has no IF NOT EXISTS, so look in pg_database first. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  });
}

/** Asks the server which cluster it serves, to be sure we reached our own postmaster. */
export async function serverDataDirectory(adminUrl: string): Promise<string | undefined> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ data_directory: string }>('show data_directory');
    return rows[0]?.data_directory;
  });
}
