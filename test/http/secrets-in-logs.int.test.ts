import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, checkedHttp, multiBytePassword, type CheckedHttp } from '../support/checked-http.js';
import { forgeWithServerKey } from '../support/forge-token.js';
import { buildRealApp, seedAccounts, type RealApp } from '../support/real-app.js';

/**
 * SECURITY.md 5: tokens, passwords and Authorization headers never reach the log. The
 * logger here records everything at trace level and redacts nothing, so only what the
 * application chooses to log is on trial (the production logger redacts on top).
 */
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});
let app: RealApp;
let http: CheckedHttp;

beforeAll(async () => {
  app = await buildRealApp({ LOGIN_MAX_CONSECUTIVE_FAILURES: '2' }, { logger: pino({ level: 'trace' }, sink) });
  http = checkedHttp(app.server);
});
afterAll(() => app?.close());

it('logs every request but never a password, a token or an Authorization header', async () => {
  const { customer, admin } = await seedAccounts(app);
  const secrets: string[] = [customer.password, admin.password];
  const remember = (value: string) => {
    secrets.push(value);
    return value;
  };

  const registered = await http.post('/api/auth/register').send({ email: 'logged@example.test', password: remember('registration secret 1'), name: 'Logged' });
  const token = remember(registered.body.token);
  const adminToken = remember((await http.post('/api/auth/email-login').send(admin)).body.token);
  await http.post('/api/auth/email-login').send({ email: customer.email, password: remember('wrong secret 1') });
  await http.post('/api/auth/email-login').send({ email: customer.email, password: remember('wrong secret 2') });
  await http.post('/api/auth/email-login').send({ email: customer.email, password: customer.password }); // 429 now
  await http.post('/api/auth/email-login').send({ email: 'x@example.test', password: remember(multiBytePassword(73)) });
  await http.get('/api/auth/me').set('Authorization', bearer(token));
  await http.get('/api/auth/me').set('Authorization', bearer(remember(forgeWithServerKey(app, registered.body.user.id, { claims: { iss: 'evil' } }))));
  await http.get('/api/auth/me').set('Authorization', `Bearer ${remember('not-a-valid-token-but-secret-anyway')}`);
  await http.get('/api/auth/me').set('Authorization', `Bearer ${remember('malformed!secret')}`);
  await http.get(`/api/auth/me?access_token=${remember('query-string-secret-token')}`);
  await http.get('/api/users').set('Authorization', bearer(adminToken));
  await http.post('/api/users').set('Authorization', bearer(adminToken)).send({ email: 'made@example.test', password: remember('created user secret'), name: 'Made', role: 'staff' });
  const changed = await http.put('/api/auth/password').set('Authorization', bearer(token)).send({ currentPassword: 'registration secret 1', newPassword: remember('new secret password') });
  remember(changed.body.token);
  await http.put('/api/auth/password').set('Authorization', bearer(changed.body.token)).send({ currentPassword: remember('wrong current secret'), newPassword: 'whatever password' });
  await http.post('/api/auth/refresh').set('Authorization', bearer(changed.body.token));
  await http.post('/api/auth/revoke-all').set('Authorization', bearer(changed.body.token));

  const log = lines.join('');
  expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBe(http.responses.length);
  for (const secret of secrets) expect(log).not.toContain(secret);
  expect(log).not.toMatch(/authorization|bearer |eyJ[\w-]{10,}\.|\$2[aby]\$/i);
  expect(log).not.toMatch(/"(password|currentPassword|newPassword|token)"\s*:/);
});
