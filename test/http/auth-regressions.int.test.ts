import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { forgeWithServerKey, nowSeconds } from '../support/forge-token.js';
import { buildRealApp, seedAccounts, type RealApp } from '../support/real-app.js';

/** Holes found by review, each pinned by the request that exposed it. */
describe('auth regressions', () => {
  let app: RealApp;
  beforeAll(async () => {
    app = await buildRealApp({ TRUST_PROXY: 'true', LOGIN_MAX_CONSECUTIVE_FAILURES: '3', MAX_SESSION_AGE_SECONDS: '300' });
    await seedAccounts(app);
  });
  afterAll(() => app?.close());

  it('a client cannot reset its throttle by prefixing X-Forwarded-For (only the proxy-appended address counts)', async () => {
    const attempt = (spoofed: string) =>
      request(app.server).post('/api/auth/email-login').set('X-Forwarded-For', `${spoofed}, 203.0.113.50`).send({ email: 'customer@orderly.test', password: 'wrong password' });
    for (let i = 1; i <= 3; i++) expect((await attempt(`10.0.0.${i}`)).status).toBe(401);
    expect((await attempt('10.0.0.4')).status).toBe(429);
  });

  it('a validly signed token whose sub is not a UUID is 401, not 500', async () => {
    const res = await request(app.server).get('/api/auth/me').set('Authorization', `Bearer ${forgeWithServerKey(app, 'not-a-uuid')}`);
    expect(res.status).toBe(401);
  });

  it('refresh past the maximum session age challenges with error="invalid_token"', async () => {
    const login = await request(app.server).post('/api/auth/email-login').set('X-Forwarded-For', '192.0.2.9').send({ email: 'customer@orderly.test', password: 'customer-password-1' });
    const old = forgeWithServerKey(app, login.body.user.id, { claims: { auth_time: nowSeconds() - 301 } });
    const res = await request(app.server).post('/api/auth/refresh').set('Authorization', `Bearer ${old}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token"');
  });

  it('refuses PASSWORD_HASH_QUEUE=0, which would keep refused hashes queued', () => {
    expect(() => loadConfig({ PASSWORD_HASH_QUEUE: '0' })).toThrow(/PASSWORD_HASH_QUEUE must be at least 1/);
  });
});
