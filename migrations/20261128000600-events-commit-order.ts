import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Makes event ids become visible strictly in id order, so a reader that asks for
 * `WHERE id > $last ORDER BY id` never skips an event that commits late.
 *
 * With a plain bigserial, transaction A can draw id 7, transaction B id 8, and B commit
 * first: a reader then sees 8, remembers it, and never looks at 7 again. Here a BEFORE
 * INSERT trigger first takes a transaction-level advisory lock (held until COMMIT or
 * ROLLBACK, and released only after the commit is visible) and only then draws the id.
 * Whoever draws id N therefore has to wait until the writer of N-1 has finished, so N can
 * never be visible while N-1 is still in flight. The id is drawn inside the trigger because
 * column defaults are evaluated before BEFORE triggers run; the default is dropped so that
 * every insert draws exactly one value (gaps after a rollback are harmless).
 *
 * The trigger also queues `pg_notify('orderly_events', '<id>')`, which PostgreSQL delivers
 * only on commit: the live stream's wake-up call (it then reads the event by id).
 *
 * THE RULE FOR WRITERS: the lock serialises every transaction from its event insert to its
 * commit. Insert the event as the LAST statement of the transaction, commit right away, and
 * never wait on anything (another row lock, an HTTP call, a second pool connection) after
 * it — otherwise all event writers queue behind you, or deadlock against you.
 */
const LOCK_KEY = '31369497939176569'; // 'orderly' as a bigint: one fixed key for all event writers

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    const run = (sql: string) => context.sequelize.query(sql, { transaction });
    await run(
      `CREATE FUNCTION events_assign_id_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock(${LOCK_KEY});
        NEW.id := nextval('events_id_seq'::regclass);
        PERFORM pg_notify('orderly_events', NEW.id::text);
        RETURN NEW;
      END
      $fn$`,
    );
    await run(
      `CREATE TRIGGER events_assign_id_in_commit_order BEFORE INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION events_assign_id_in_commit_order()`,
    );
    // NOT NULL is checked after BEFORE triggers, so inserts without an id still work.
    await run('ALTER TABLE events ALTER COLUMN id DROP DEFAULT');
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    const run = (sql: string) => context.sequelize.query(sql, { transaction });
    await run("ALTER TABLE events ALTER COLUMN id SET DEFAULT nextval('events_id_seq'::regclass)");
    await run('DROP TRIGGER events_assign_id_in_commit_order ON events');
    await run('DROP FUNCTION events_assign_id_in_commit_order()');
  });
};
