import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signIn } from '../lib/app.js';
import type { BrowserSession } from '../lib/browser.js';
import type { PageGlobals } from '../lib/in-page.js';
import { assert, type Run } from '../lib/harness.js';
import type { Stack } from '../lib/stack.js';

const b64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token of the right shape whose signature no key of the server made. */
function forgedToken(expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'EdDSA', typ: 'at+jwt', kid: 'forged' };
  const claims = { sub: randomUUID(), role: 'admin', iss: 'orderly', aud: 'orderly-api', iat: now - 60, exp: now + expiresInSeconds, jti: randomUUID() };
  return `${b64url(header)}.${b64url(claims)}.${b64url('not a signature of this server')}`;
}

async function withStoredToken(page: Page, token: string): Promise<void> {
  await page.goto('/login');
  await page.evaluate((t) => (globalThis as unknown as PageGlobals).localStorage.setItem('orderly.token', t), token);
}

async function landsOnLoginWith(page: Page, from: string, notice: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === from);
  await page.getByText(notice).waitFor();
  assert((await page.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.getItem('orderly.token'))) === null, 'the token should be gone from localStorage');
}

/** Sessions that end without the user logging out: each must land on /login with a reason. */
export async function sessionEnd(run: Run, browser: BrowserSession, stack: Stack): Promise<void> {
  await run.journey('Sessions that end on their own', async (step) => {
    await step('a forged token (valid shape, foreign signature) is refused by the server → /login with a message', async () => {
      const page = await browser.actor('forged token');
      await withStoredToken(page, forgedToken(3600));
      // The server's 401s are the point here; Chromium logs each failed request as a console error.
      await browser.allowing([/status of 401/], async () => {
        await page.goto('/orders');
        await landsOnLoginWith(page, '/orders', 'Your session has ended; please sign in again.');
      });
      await page.context().close();
    });

    await step('an expired token in storage → /login with "session expired", before any request', async () => {
      const page = await browser.actor('expired token');
      await withStoredToken(page, forgedToken(-60));
      const apiCalls: string[] = [];
      page.on('request', (r) => void (new URL(r.url()).pathname.startsWith('/api/') && apiCalls.push(r.url())));
      await page.goto('/orders');
      await landsOnLoginWith(page, '/orders', 'Your session expired; please sign in again.');
      assert(apiCalls.length === 0, `an expired token should not be sent at all; requests: ${apiCalls.join(', ')}`);
      await page.context().close();
    });

    await step("an idle session that cannot be renewed ends by itself at expiry (page clock +31 min) → /login with a message", async () => {
      const page = await browser.actor('expiring session', undefined, (p) => p.clock.install());
      // Renewal is what keeps an active session alive; here it is unavailable, so expiry must win.
      await page.route('**/api/auth/refresh', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Down."}}' }));
      await signIn(page, stack.accounts.customer);
      await browser.allowing([/status of 503/], async () => {
        await page.clock.fastForward('31:00');
        await landsOnLoginWith(page, '/orders', 'Your session expired; please sign in again.');
      });
      await page.context().close();
    });
  });
}
