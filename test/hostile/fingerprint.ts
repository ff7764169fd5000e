import { QueryTypes, type Sequelize } from 'sequelize';

/** Per table: "<rows>:<sum of the rows' xmin>". */
export type Fingerprint = ReadonlyMap<string, string>;

/**
 * A fingerprint of every table, in one query: for each table its row count and the sum of
 * its rows' `xmin`, the id of the transaction that wrote each row version. PostgreSQL
 * writes a new row version for every INSERT and UPDATE (even one that sets the same
 * values), and a DELETE removes one, so any committed write changes it, while rows written
 * by a rolled-back transaction stay invisible. It reads tuple headers only (no row data
 * turned into text), so it stays around a millisecond as the tables grow. Sequences are
 * left out on purpose: a refused insert may burn a number (API.md allows gaps).
 */
export class DatabaseFingerprint {
  private constructor(
    private readonly sequelize: Sequelize,
    private readonly sql: string,
  ) {}

  static async prepare(sequelize: Sequelize): Promise<DatabaseFingerprint> {
    const tables = await sequelize.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
      { type: QueryTypes.SELECT },
    );
    if (tables.length === 0) throw new Error('no tables to fingerprint');
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const literal = (name: string) => `'${name.replace(/'/g, "''")}'`;
    const sql = tables
      .map(({ name }) => `SELECT ${literal(name)} AS t, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) AS f FROM ${quote(name)}`)
      .join(' UNION ALL ');
    return new DatabaseFingerprint(sequelize, sql);
  }

  /** How many fingerprints were taken, and the milliseconds they took in all. */
  readonly cost = { takes: 0, ms: 0 };

  async take(): Promise<Fingerprint> {
    const started = performance.now();
    const rows = await this.sequelize.query<{ t: string; f: string }>(this.sql, { type: QueryTypes.SELECT });
    this.cost.takes++;
    this.cost.ms += performance.now() - started;
    return new Map(rows.map((r) => [r.t, r.f]));
  }
}

/** The tables whose fingerprint differs, with "before → after" (row count first). */
export function changedTables(before: Fingerprint, after: Fingerprint, ignore: readonly string[] = []): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((t) => !ignore.includes(t) && before.get(t) !== after.get(t))
    .map((t) => `${t}: ${before.get(t) ?? '-'} → ${after.get(t) ?? '-'}`);
}
