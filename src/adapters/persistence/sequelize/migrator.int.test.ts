import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { createMigrator, migrateUp, migrationStatus } from './migrator.js';

const FIRST = '20261128000000-create-users';

describe('migrator', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db?.drop());

  const usersTable = async () =>
    (await db.sequelize.query<{ t: string | null }>("select to_regclass('users')::text as t", { type: QueryTypes.SELECT }))[0]?.t;
  const insertUser = (email: string) =>
    db.sequelize.query(
      "insert into users (email, name, role, password_hash) values (:email, 'Ann', 'customer', 'x')",
      { replacements: { email } },
    );

  it('lists the migrations as pending on an empty database, without file extensions', async () => {
    expect(await migrationStatus(db.sequelize)).toEqual({ executed: [], pending: expect.arrayContaining([FIRST]) });
  });

  it('up creates users with a case-insensitive unique email', async () => {
    expect(await migrateUp(db.sequelize)).toContain(FIRST);
    expect(await usersTable()).toBe('users');
    await insertUser('Ann@Example.test');
    const duplicate = await insertUser('ann@example.TEST').catch((err: unknown) => err);
    expect(duplicate).toBeInstanceOf(UniqueConstraintError);
    expect(String((duplicate as UniqueConstraintError).original)).toContain('users_email_lower_key');
  });

  it('fills the defaults and rejects an unknown role', async () => {
    const [row] = await db.sequelize.query<Record<string, unknown>>('select * from users', { type: QueryTypes.SELECT });
    expect(row).toMatchObject({ disabled: false, role: 'customer' });
    expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row).toMatchObject({ token_version: 0, version: 0 });
    await expect(
      db.sequelize.query("insert into users (email, name, role, password_hash) values ('b@x.test', 'B', 'root', 'x')"),
    ).rejects.toThrow(/users_role_check/);
  });

  it('status lists it as executed', async () => {
    const status = await migrationStatus(db.sequelize);
    expect(status.executed).toContain(FIRST);
    expect(status.pending).not.toContain(FIRST);
  });

  it('down removes the table and up works again', async () => {
    const reverted = await createMigrator(db.sequelize).down({ to: FIRST });
    expect(reverted.at(-1)?.name).toBe(FIRST);
    expect(await usersTable()).toBeNull();
    expect((await migrationStatus(db.sequelize)).pending).toContain(FIRST);

    await migrateUp(db.sequelize);
    expect(await usersTable()).toBe('users');
  });
});

describe('migrating from several instances at once', () => {
  it('applies every migration exactly once when three start together', async () => {
    const { createSequelize } = await import('./db.js');
    const fresh = await createTestDatabase({ migrated: false });
    const others = [createSequelize(fresh.url, { statementTimeoutMs: 0 }), createSequelize(fresh.url, { statementTimeoutMs: 0 })];
    try {
      const applied = await Promise.all([migrateUp(fresh.sequelize), ...others.map((s) => migrateUp(s))]);
      const all = applied.flat();
      expect(new Set(all).size).toBe(all.length);
      const { executed, pending } = await migrationStatus(fresh.sequelize);
      expect(pending).toEqual([]);
      expect(executed.sort()).toEqual([...all].sort());
    } finally {
      await Promise.all(others.map((s) => s.close()));
      await fresh.drop();
    }
  });
});
