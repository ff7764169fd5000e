// A key set bound in the composition root is the one /.well-known/jwks.json publishes, so an
// integrator who brings keys of their own (with a token issuer of their own) rebinds one token.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { generateEd25519Jwk, parsePrivateJwk } from '../../src/adapters/security/ed25519-jwk.js';
import type { JwtKeyMaterial } from '../../src/adapters/security/jwt-keys.js';
import { TOKENS } from '../../src/tokens.js';
import { buildInMemoryApp } from '../support/in-memory-app.js';

describe('/.well-known/jwks.json', () => {
  it('publishes the public part of the key set bound to TOKENS.JwtKeys', async () => {
    const signing = parsePrivateJwk(JSON.stringify(await generateEd25519Jwk()), 'test key');
    const keys: JwtKeyMaterial = { alg: 'EdDSA', signingKey: signing.privateKey, kid: signing.kid, verificationJwks: { keys: [signing.publicJwk] } };
    const app = buildInMemoryApp({}, (container) => {
      if (container.isBound(TOKENS.JwtKeys)) container.rebind<JwtKeyMaterial>(TOKENS.JwtKeys).toConstantValue(keys);
      else container.bind<JwtKeyMaterial>(TOKENS.JwtKeys).toConstantValue(keys);
    });
    const res = await request(app.http.app.callback()).get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.body.keys).toEqual([expect.objectContaining({ kid: signing.kid, x: signing.publicJwk.x, kty: 'OKP' })]);
    expect(JSON.stringify(res.body)).not.toContain('"d"');
  });
});
