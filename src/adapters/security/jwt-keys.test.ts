import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateEd25519Jwk } from './ed25519-jwk.js';
import { loadJwtKeys, publicJwks, type JwtKeyConfig } from './jwt-keys.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'priv'];
const publicOf = ({ kty, crv, x, kid }: JWK): JWK => ({ kty, crv, x, kid });

describe('loadJwtKeys', () => {
  let dataDir: string;
  const logger = { info: vi.fn(), warn: vi.fn() };
  const load = (config: Partial<JwtKeyConfig>) =>
    loadJwtKeys({ JWT_ALGORITHM: 'EdDSA', NODE_ENV: 'development', ...config }, { dataDir, logger });

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'orderly-keys-')), 'data');
    vi.clearAllMocks();
  });
  afterEach(() => rm(join(dataDir, '..'), { recursive: true, force: true }));

  it('creates a development signing key once (0600 in a 0700 directory) and reuses it', async () => {
    const first = await load({});
    const second = await load({});
    expect(second.kid).toBe(first.kid);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect((await stat(join(dataDir, 'keys', 'jwt-signing-key.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
    const published = publicJwks(first).keys[0]!;
    expect(first.kid).toBe(await calculateJwkThumbprint(publicOf(published)));
  });

  it('agrees on one development key when two processes start together', async () => {
    const [a, b] = await Promise.all([load({}), load({})]);
    expect(a.kid).toBe(b.kid);
    expect(await readdir(join(dataDir, 'keys'))).toEqual(['jwt-signing-key.json']);
  });

  it('creates a development HS256 secret once and reuses it', async () => {
    const first = await load({ JWT_ALGORITHM: 'HS256' });
    const second = await load({ JWT_ALGORITHM: 'HS256' });
    if (first.alg !== 'HS256' || second.alg !== 'HS256') throw new Error('expected HS256');
    expect(first.secret.byteLength).toBeGreaterThanOrEqual(32);
    expect(second.secret).toEqual(first.secret);
    expect((await stat(join(dataDir, 'keys', 'jwt-secret'))).mode & 0o777).toBe(0o600);
  });

  it('refuses to start keyless in production, and writes nothing', async () => {
    await expect(load({ NODE_ENV: 'production' })).rejects.toThrow(/JWT_PRIVATE_KEY is required/);
    await expect(load({ NODE_ENV: 'production', JWT_ALGORITHM: 'HS256' })).rejects.toThrow(/JWT_SECRET .* is required/);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an HS256 secret shorter than 32 bytes', async () => {
    await expect(load({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 'x'.repeat(31) })).rejects.toThrow(/at least 32 bytes/);
  });

  it('verifies with the signing key plus the rotated public keys, published without private members', async () => {
    const [signing, old] = [await generateEd25519Jwk(), await generateEd25519Jwk()];
    const keys = await load({ JWT_PRIVATE_KEY: JSON.stringify(signing), JWT_PUBLIC_KEYS: JSON.stringify({ keys: [publicOf(old)] }) });
    const published = publicJwks(keys).keys;
    expect(published.map((k) => k.kid)).toEqual([signing.kid, old.kid]);
    for (const key of published) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(Object.keys(key).filter((name) => PRIVATE_MEMBERS.includes(name))).toEqual([]);
    }
    expect(publicJwks(await load({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 's'.repeat(32) }))).toEqual({ keys: [] });
  });

  it('refuses a private member in JWT_PUBLIC_KEYS without echoing it', async () => {
    const leaked = await generateEd25519Jwk();
    const attempt = load({ JWT_PRIVATE_KEY: JSON.stringify(await generateEd25519Jwk()), JWT_PUBLIC_KEYS: JSON.stringify({ keys: [leaked] }) });
    await expect(attempt).rejects.toThrow(/private member "d"/);
    await expect(attempt).rejects.not.toThrow(leaked.d!);
  });

  it('refuses a JWT_PRIVATE_KEY that is public, has no kid, or whose x does not match d', async () => {
    const [jwk, other] = [await generateEd25519Jwk(), await generateEd25519Jwk()];
    await expect(load({ JWT_PRIVATE_KEY: JSON.stringify(publicOf(jwk)) })).rejects.toThrow(/must be a private key/);
    await expect(load({ JWT_PRIVATE_KEY: JSON.stringify({ ...jwk, kid: undefined }) })).rejects.toThrow(/must have a "kid"/);
    await expect(load({ JWT_PRIVATE_KEY: JSON.stringify({ ...jwk, x: other.x }) })).rejects.toThrow(/does not belong/);
    await expect(load({ JWT_PRIVATE_KEY: 'not json' })).rejects.toThrow(/not valid JSON/);
  });

  it('refuses a second, different key under a kid already in use', async () => {
    const [signing, impostor] = [await generateEd25519Jwk(), await generateEd25519Jwk()];
    const publicKeys = JSON.stringify({ keys: [{ ...publicOf(impostor), kid: signing.kid }] });
    await expect(load({ JWT_PRIVATE_KEY: JSON.stringify(signing), JWT_PUBLIC_KEYS: publicKeys })).rejects.toThrow(/kid/);
  });
});
