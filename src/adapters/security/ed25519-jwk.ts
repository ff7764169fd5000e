import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** Members only private or symmetric keys carry; a "public" key holding one is a leaked secret. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

export interface Ed25519SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** Derived from the private key itself, never copied from the configured "x". */
  publicJwk: JWK;
}

/** A fresh private Ed25519 JWK whose kid is its RFC 7638 thumbprint. */
export async function generateEd25519Jwk(): Promise<JWK> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { kty, crv, x, d } = privateKey.export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty: kty!, crv: crv!, x: x! });
  return { kty, crv, x, d, kid, alg: 'EdDSA', use: 'sig' };
}

/** The published form of a public key: exactly these members, so nothing private can slip through. */
export function toPublicJwk(key: KeyObject, kid: string): JWK {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  return { kty, crv, x, kid, alg: 'EdDSA', use: 'sig' };
}

/**
 * Parses a private Ed25519 JWK. `source` names it in errors; errors never echo key
 * material, because they end up in logs.
 */
export function parsePrivateJwk(json: string, source: string): Ed25519SigningKey {
  const jwk = checkedEd25519(parseJson(json, source), source);
  if (typeof jwk.d !== 'string') throw new Error(`${source} must be a private key (a JWK with "d").`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x }, format: 'jwk' });
  } catch {
    throw new Error(`${source} is not a valid Ed25519 private key.`);
  }
  const publicJwk = toPublicJwk(privateKey, jwk.kid);
  // Node derives the public half from "d" and ignores "x"; a mismatch means a corrupted or hand-edited key.
  if (publicJwk.x !== jwk.x) throw new Error(`${source} has an "x" that does not belong to its "d".`);
  return { kid: jwk.kid, privateKey, publicJwk };
}

/** Parses a JWK Set of public Ed25519 keys, refusing any key that carries private members. */
export function parsePublicJwks(json: string, source: string): JWK[] {
  const set = parseJson(json, source);
  if (!isRecord(set) || !Array.isArray(set.keys)) throw new Error(`${source} must be a JWK Set: {"keys":[...]}.`);
  return set.keys.map((member: unknown, index) => {
    const where = `${source} (key ${index + 1})`;
    if (isRecord(member)) {
      const leaked = PRIVATE_MEMBERS.find((name) => name in member);
      if (leaked) throw new Error(`${where} contains the private member "${leaked}"; list public keys only.`);
    }
    const jwk = checkedEd25519(member, where);
    try {
      return toPublicJwk(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }), jwk.kid);
    } catch {
      throw new Error(`${where} is not a valid Ed25519 public key.`);
    }
  });
}

interface Ed25519Jwk extends Record<string, unknown> {
  kid: string;
  x: string;
}

function checkedEd25519(jwk: unknown, source: string): Ed25519Jwk {
  if (!isRecord(jwk) || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error(`${source} must be an Ed25519 JWK (kty "OKP", crv "Ed25519", with "x").`);
  }
  if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new Error(`${source} must have a "kid".`);
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519') {
    throw new Error(`${source} must have "alg" EdDSA (or none).`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new Error(`${source} must have "use" sig (or none).`);
  return jwk as Ed25519Jwk;
}

function parseJson(json: string, source: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
