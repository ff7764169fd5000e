import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * The table rate-limiter-flexible's RateLimiterPostgres reads and writes (see its
 * _getCreateTableStmt); the application passes `tableCreated: true`, so this migration owns it.
 */
export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.transaction(async (transaction) => {
    await context.sequelize.query(
      `CREATE TABLE login_throttle (
        -- '<limiter prefix>:<key>', one row per limiter and key. The library's own DDL says
        -- varchar(255); text removes a length limit that would turn into a failed login.
        key text PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        -- Epoch milliseconds (compared with Date.now()); NULL would mean "never expires".
        expire bigint
      )`,
      { transaction },
    );
    // The library deletes rows expired over an hour ago every 5 minutes (WHERE expire < $1).
    await context.sequelize.query('CREATE INDEX login_throttle_expire_idx ON login_throttle (expire)', {
      transaction,
    });
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE login_throttle');
};
