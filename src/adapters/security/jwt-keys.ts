import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CryptoKey, JSONWebKeySet, JWK, KeyObject } from 'jose';
import type { Config } from '../../config/env.js';
import { generateEd25519Jwk, parsePrivateJwk, parsePublicJwks } from './ed25519-jwk.js';
import { readOrCreateKeyFile } from './local-key-file.js';

/** Everything JoseTokenIssuer needs, prepared once at start. */
export type JwtKeyMaterial =
  | { alg: 'EdDSA'; signingKey: CryptoKey | KeyObject; kid: string; verificationJwks: JSONWebKeySet /* public only */ }
  | { alg: 'HS256'; secret: Uint8Array; kid: string };

export type JwtKeyConfig = Pick<Config, 'JWT_ALGORITHM' | 'JWT_PRIVATE_KEY' | 'JWT_PUBLIC_KEYS' | 'JWT_SECRET' | 'NODE_ENV'>;

export interface JwtKeyLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface JwtKeyOptions {
  dataDir: string;
  logger?: JwtKeyLogger;
}

const MIN_SECRET_BYTES = 32;

/**
 * Loads the signing and verification keys from configuration. Only in development and
 * test may a missing key be created, once, under `<dataDir>/keys/` and reused later.
 */
export async function loadJwtKeys(config: JwtKeyConfig, options: JwtKeyOptions): Promise<JwtKeyMaterial> {
  return config.JWT_ALGORITHM === 'HS256' ? loadHmacSecret(config, options) : loadEd25519Keys(config, options);
}

/** The JWK Set served at /.well-known/jwks.json: public keys only, and none at all for HS256. */
export function publicJwks(material: JwtKeyMaterial): JSONWebKeySet {
  if (material.alg === 'HS256') return { keys: [] };
  // Rebuilt member by member, so a private member can never be published whatever the set holds.
  return {
    keys: material.verificationJwks.keys.map(({ kty, crv, x, kid }) => ({ kty, crv, x, kid, alg: 'EdDSA', use: 'sig' })),
  };
}

async function loadEd25519Keys(config: JwtKeyConfig, options: JwtKeyOptions): Promise<JwtKeyMaterial> {
  let signing;
  if (config.JWT_PRIVATE_KEY) {
    signing = parsePrivateJwk(config.JWT_PRIVATE_KEY, 'JWT_PRIVATE_KEY');
  } else {
    refuseOutsideDevelopment(config, 'JWT_PRIVATE_KEY is required outside development and test; create one with "npx tsx scripts/generate-jwt-key.ts".');
    const path = join(options.dataDir, 'keys', 'jwt-signing-key.json');
    const content = await developmentKeyFile(path, async () => JSON.stringify(await generateEd25519Jwk()), options.logger);
    signing = parsePrivateJwk(content, path);
  }
  const rotated = config.JWT_PUBLIC_KEYS ? parsePublicJwks(config.JWT_PUBLIC_KEYS, 'JWT_PUBLIC_KEYS') : [];
  return {
    alg: 'EdDSA',
    signingKey: signing.privateKey,
    kid: signing.kid,
    verificationJwks: { keys: withUniqueKids([signing.publicJwk, ...rotated]) },
  };
}

async function loadHmacSecret(config: JwtKeyConfig, options: JwtKeyOptions): Promise<JwtKeyMaterial> {
  let text = config.JWT_SECRET;
  let source = 'JWT_SECRET';
  if (!text) {
    refuseOutsideDevelopment(config, 'JWT_SECRET (at least 32 random bytes) is required with JWT_ALGORITHM=HS256 outside development and test.');
    source = join(options.dataDir, 'keys', 'jwt-secret');
    // Stored as text so an operator could copy it into JWT_SECRET and get the very same key.
    text = (await developmentKeyFile(source, async () => randomBytes(MIN_SECRET_BYTES).toString('base64url'), options.logger)).trim();
  }
  const secret = new TextEncoder().encode(text);
  if (secret.byteLength < MIN_SECRET_BYTES) throw new Error(`${source} must be at least ${MIN_SECRET_BYTES} bytes.`);
  // A hash prefix, so tokens signed with an earlier secret fail on the kid rather than look merely forged.
  const kid = `hs256-${createHash('sha256').update('orderly-jwt-kid:').update(secret).digest('hex').slice(0, 12)}`;
  return { alg: 'HS256', secret, kid };
}

function refuseOutsideDevelopment(config: JwtKeyConfig, sentence: string): void {
  // Config validation refuses this too; checking again keeps a hand-built config from starting keyless.
  if (config.NODE_ENV !== 'development' && config.NODE_ENV !== 'test') throw new Error(sentence);
}

async function developmentKeyFile(path: string, create: () => Promise<string>, logger?: JwtKeyLogger): Promise<string> {
  const file = await readOrCreateKeyFile(path, create);
  if (file.created) logger?.info(`Created a development JWT key in ${path}; later starts reuse it.`);
  if (file.readableByOthers) logger?.warn(`${path} is readable by other users; run chmod 600 on it.`);
  return file.content;
}

/** The kid selects the verification key, so each kid must name exactly one key. */
function withUniqueKids(keys: JWK[]): JWK[] {
  const byKid = new Map<string, JWK>();
  for (const key of keys) {
    const seen = byKid.get(key.kid!);
    if (seen && seen.x !== key.x) throw new Error(`JWT_PUBLIC_KEYS has a different key under the kid "${key.kid}" already in use.`);
    if (!seen) byKid.set(key.kid!, key);
  }
  return [...byKid.values()];
}
