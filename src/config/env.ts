import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives a typed Config,
 * so a bad variable stops the process at start instead of failing on first use.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be a comma-separated list of origins such as https://shop.example.com (scheme, host and optional port, no path)');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// connection URL')
    .optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('.data'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(origin)),
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),

  // Access tokens (see docs/DEPLOYMENT.md for key generation and rotation).
  JWT_ALGORITHM: z.enum(['EdDSA', 'HS256']).default('EdDSA'),
  /** EdDSA: the signing key, a private Ed25519 JWK (JSON) with a `kid`. */
  JWT_PRIVATE_KEY: z.string().optional(),
  /** EdDSA: extra public JWKs (a JSON JWK Set) still accepted for verification during a rotation. */
  JWT_PUBLIC_KEYS: z.string().optional(),
  /** HS256: the shared secret, at least 32 bytes. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 bytes (use 32+ random bytes, e.g. base64)').optional(),
  JWT_ISSUER: z.string().min(1).default('orderly'),
  JWT_AUDIENCE: z.string().min(1).default('orderly-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  MAX_SESSION_AGE_SECONDS: z.coerce.number().int().min(300).max(90 * 86_400).default(7 * 86_400),

  // Passwords.
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  PASSWORD_HASH_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Hash jobs allowed to wait for a worker; beyond it logins get 503 + Retry-After. */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(1, 'must be at least 1').max(10_000).default(64),

  // Login throttling (SECURITY.md 9).
  LOGIN_THROTTLE_STORE: z.enum(['memory', 'postgres']).default('postgres'),
  LOGIN_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).default(900),
  LOGIN_MAX_FAILURES_PER_IP_PER_DAY: z.coerce.number().int().min(1).default(100),

  // Live events (GET /api/events; SECURITY.md 19). The contract caps the first two at 25 s and 60 s.
  EVENTS_KEEPALIVE_SECONDS: z.coerce.number().int().min(1).max(25, 'must be at most 25 (API.md: a comment at least every 25 s)').default(20),
  EVENTS_RECHECK_SECONDS: z.coerce.number().int().min(1).max(60, 'must be at most 60 (SECURITY.md 19)').default(60),
  /** Concurrent streams per user, counted per instance. */
  EVENTS_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** How long events stay replayable after Last-Event-ID; the contract promises at least 24 h. */
  EVENTS_RETENTION_HOURS: z.coerce.number().int().min(24, 'must be at least 24 (API.md: events are retained at least 24 hours)').max(24 * 90).default(48),
}).superRefine((env, ctx) => {
  // Tests may hash cheaply; anything that serves people keeps bcrypt's cost at 10 or more.
  if (env.NODE_ENV !== 'test' && env.BCRYPT_COST < 10) {
    ctx.addIssue({ code: 'custom', path: ['BCRYPT_COST'], message: 'must be at least 10 outside NODE_ENV=test' });
  }
  if (env.JWT_ALGORITHM === 'HS256' && !env.JWT_SECRET && env.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required with JWT_ALGORITHM=HS256 in production' });
  }
  if (env.JWT_ALGORITHM === 'EdDSA' && !env.JWT_PRIVATE_KEY && env.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['JWT_PRIVATE_KEY'], message: 'is required in production (an Ed25519 private JWK with a kid)' });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses an environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const message =
    issue.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue.message;
  const value = env[name];
  const shown = value === undefined || name === 'DATABASE_URL' ? '' : ` (got "${value}")`;
  throw new ConfigError(`Invalid configuration: ${name} ${message}${shown}`);
}
