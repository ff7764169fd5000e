import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Container } from 'inversify';
import type { JWK } from 'jose';
import type { HttpApp } from '../../src/adapters/http/app.js';
import { createLogger, type Logger } from '../../src/adapters/logging/logger.js';
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
  /** Stops the bcrypt workers, then drops the database (unless it was borrowed) and the temp DATA_DIR. */
  close(): Promise<void>;
}

export interface RealAppOptions {
  /** Defaults to a silent logger. */
  logger?: Logger;
  /** Another instance's database: a second server over the same PostgreSQL. Not dropped by close(). */
  database?: TestDatabase;
}

/**
 * SequelizeUserRepository initialises one module-level model class, and the last
 * Sequelize to initialise it wins: two apps over two databases in one process would
 * silently read and write the same one. A second app must share the first one's database.
 */
let ownDatabasesOpen = 0;

/**
 * The application as main.ts assembles it, on the real adapters: a private migrated
 * PostgreSQL database, jose with Ed25519 keys, bcrypt in worker threads (cost 4 unless
 * told otherwise) and the PostgreSQL login throttle. `env` overrides the defaults; an
 * Ed25519 JWT_PRIVATE_KEY is generated unless `env` mentions JWT_PRIVATE_KEY (even as '').
 */
export async function buildRealApp(env: Record<string, string> = {}, options: RealAppOptions = {}): Promise<RealApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'orderly-real-app-'));
  let db: TestDatabase | undefined;
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
    if (!options.database && ownDatabasesOpen > 0) {
      throw new Error('buildRealApp: a second app in this process must share the first one\'s database ({ database: first.db })');
    }
    db = options.database ?? (await createTestDatabase());
    if (!options.database) ownDatabasesOpen += 1;
    const logger = options.logger ?? createLogger('silent');
    const container = buildContainer({ config, logger, sequelize: db.sequelize, jwtKeys: keys });
    const { app } = container.get<HttpApp>(TOKENS.HttpApp);
    const ownDb = options.database ? undefined : db;
    return {
      server: app.callback(),
      container,
      db,
      keys,
      config,
      privateJwk: config.JWT_PRIVATE_KEY ? (JSON.parse(config.JWT_PRIVATE_KEY) as JWK) : undefined,
      accounts: container.get<AccountUseCases>(TOKENS.AccountUseCases),
      async close() {
        try {
          await container.get<BcryptPasswordHasher>(TOKENS.PasswordHasher).close();
        } finally {
          if (ownDb) {
            ownDatabasesOpen -= 1;
            await ownDb.drop();
          }
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    if (!options.database && db) {
      ownDatabasesOpen -= 1;
      await db.drop();
    }
    await rm(dataDir, { recursive: true, force: true });
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
