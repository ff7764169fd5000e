import { describe } from 'vitest';
import { SettableClock, tokenIssuerContract } from '../../application/ports/token-issuer.contract.js';
import { FakeTokenIssuer } from './fake-token-issuer.js';

describe('FakeTokenIssuer', () => {
  tokenIssuerContract('FakeTokenIssuer', async () => {
    const clock = new SettableClock();
    return { issuer: new FakeTokenIssuer({ clock, ttlSeconds: 900 }), clock, ttlSeconds: 900 };
  });
});
