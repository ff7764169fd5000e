/**
 * Prints a fresh Ed25519 signing key for JWT_PRIVATE_KEY and its public half.
 *   npx tsx scripts/generate-jwt-key.ts
 * Keep the private JWK in your secret store. When you later rotate to a newer key, put
 * this key's public JWK into JWT_PUBLIC_KEYS until the tokens it signed have expired.
 * The JSON goes to stdout, the explanations to stderr, so the output can be piped.
 */
import { generateEd25519Jwk } from '../src/adapters/security/ed25519-jwk.js';

const privateJwk = await generateEd25519Jwk();
const { kty, crv, x, kid, alg, use } = privateJwk;

console.error(`# JWT_PRIVATE_KEY (secret; kid ${kid}):`);
console.log(`JWT_PRIVATE_KEY='${JSON.stringify(privateJwk)}'`);
console.error('# Public JWK (published at /.well-known/jwks.json; goes into JWT_PUBLIC_KEYS after a rotation):');
console.log(JSON.stringify({ kty, crv, x, kid, alg, use }));
