import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Container } from 'inversify';
import type { JWK } from 'jose';
import type { HttpApp } from '../../src/adapters/http/app.js';
import { createLogger, type Logger } from '../../src/adapters/logging/logger.js';
import { USER_CHANGED_CHANNEL, type PostgresUserChangeFeed } from '../../src/adapters/persistence/sequelize/postgres-user-change-feed.js';
import type { BcryptPasswordHasher } from '../../src/adapters/security/bcrypt-password-hasher.js';
import { generateEd25519Jwk } from '../../src/adapters/security/ed25519-jwk.js';
import { loadJwtKeys, type JwtKeyMaterial } from '../../src/adapters/security/jwt-keys.js';
import type { AccountUseCases } from '../../src/application/auth/auth-use-cases.js';
import type { Role } from '../../src/domain/user/role.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { buildContainer } from '../../src/container.js';
import { TOKENS } from '../../src/tokens.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type RequestListener = ReturnType<HttpApp['app']['callback']>;

export interface RealApp {
  /** app.callback(): hand it to supertest. */
  server: RequestListener;
  container: Container;
  db: TestDatabase;
  keys: JwtKeyMaterial;
  config: Config;
  /** The server's signing key, when it is an Ed25519 JWK we generated or were given. */
  privateJwk?: JWK;
  accounts: AccountUseCases;
  /** Stops the bcrypt workers and the change feed, then drops the database (unless it was borrowed) and the temp DATA_DIR. */
  close(): Promise<void>;
}

export interface RealAppOptions {
  /** Defaults to a silent logger. */
  logger?: Logger;
  /** Another instance's database: a second server over the same PostgreSQL. Not dropped by close(). */
  database?: TestDatabase;
}

/**
 * The application as main.ts assembles it, on the real adapters: a private migrated
 * PostgreSQL database, jose with Ed25519 keys, bcrypt in worker threads (cost 4 unless
 * told otherwise), the PostgreSQL login throttle, and the user cache with its change feed
 * listening (so a write that bypasses the API, e.g. SQL in a test, is seen only after a
 * NOTIFY; see notifyUserChanged). `env` overrides the defaults; an
 * Ed25519 JWT_PRIVATE_KEY is generated unless `env` mentions JWT_PRIVATE_KEY (even as '').
 */
export async function buildRealApp(env: Record<string, string> = {}, options: RealAppOptions = {}): Promise<RealApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-real-app-'));
  let db: TestDatabase | undefined;
  let container: Container | undefined;
  const ownDb = () => (options.database ? undefined : db);
  const release = async () => {
    try {
      if (container?.isBound(TOKENS.PasswordHasher)) await container.get<BcryptPasswordHasher>(TOKENS.PasswordHasher).close();
    } finally {
      if (container) await container.get<PostgresUserChangeFeed>(TOKENS.UserChangeFeed).close();
      await ownDb()?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    const generated = 'JWT_PRIVATE_KEY' in env || env.JWT_ALGORITHM === 'HS256' ? {} : { JWT_PRIVATE_KEY: JSON.stringify(await generateEd25519Jwk()) };
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      BCRYPT_COST: '4',
      LOGIN_THROTTLE_STORE: 'postgres',
      ...generated,
      ...env,
    });
    // Keys before the database: a configuration the server refuses leaves nothing behind.
    const keys = await loadJwtKeys(config, { dataDir: path.resolve(config.DATA_DIR) });
    db = options.database ?? (await createTestDatabase());
    container = buildContainer({ config, logger: options.logger ?? createLogger('silent'), sequelize: db.sequelize, jwtKeys: keys });
    // As main.ts does: once the feed listens, the user cache serves reads (and NOTIFY invalidates it).
    await container.get<PostgresUserChangeFeed>(TOKENS.UserChangeFeed).start();
    const { app } = container.get<HttpApp>(TOKENS.HttpApp);
    return {
      server: app.callback(),
      container,
      db,
      keys,
      config,
      privateJwk: config.JWT_PRIVATE_KEY ? (JSON.parse(config.JWT_PRIVATE_KEY) as JWK) : undefined,
      accounts: container.get<AccountUseCases>(TOKENS.AccountUseCases),
      close: release,
    };
  } catch (err) {
    await release();
    throw err;
  }
}

export interface SeededAccount {
  email: string;
  password: string;
}

/** Passwords of the seeded accounts: one per role, through the real use case (empty user table only). */
export const SEED_PASSWORDS: Record<Role, string> = {
  admin: 'admin-password-1',
  staff: 'staff-password-1',
  customer: 'customer-password-1',
};

export async function seedAccounts(app: RealApp): Promise<Record<Role, SeededAccount>> {
  const created = await app.accounts.seedDemoAccounts.execute((role) => SEED_PASSWORDS[role]);
  if (!created) throw new Error('seedAccounts needs an empty user table');
  const byRole = Object.fromEntries(created.map((a) => [a.role, { email: a.email, password: a.password }]));
  return byRole as Record<Role, SeededAccount>;
}

/** What any writer that bypasses the API must do: tell the user caches of every instance (PostgreSQL NOTIFY). */
export async function notifyUserChanged(app: RealApp, userId: string): Promise<void> {
  await app.db.sequelize.query('SELECT pg_notify(:channel, :userId)', { replacements: { channel: USER_CHANGED_CHANNEL, userId } });
}
