import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    // gen_random_uuid() is built in since PostgreSQL 13 (no pgcrypto needed).
    await context.sequelize.query(
      `CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer', 'staff', 'admin')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        -- Revocation counter: only tokens carrying the current value are accepted.
        token_version integer NOT NULL DEFAULT 0,
        -- Row version: updates apply only over the version that was read.
        version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      { transaction },
    );
    // Emails are unique regardless of case: Ann@x.test and ann@x.test are one account.
    await context.sequelize.query('CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))', {
      transaction,
    });
    // The admin list pages newest first by (created_at, id).
    await context.sequelize.query('CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC)', {
      transaction,
    });
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE users');
};
