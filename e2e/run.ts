/**
 * End-to-end in a real Chromium against the real server on a fresh PostgreSQL database
 * (`npm run test:e2e`). DATABASE_URL or TEST_DATABASE_URL picks the PostgreSQL server that
 * gets a scratch database; without them an embedded one is started. E2E_SKIP_BUILD=1 reuses
 * the last `npm run build:web`; CHROMIUM_PATH overrides /usr/bin/chromium; E2E_ONLY=live,session,screens
 * runs only those groups; E2E_SCREENSHOT_DIR overrides docs/screenshots.
 * E2E_STACK=prod-like (npm run test:e2e:prod-like) runs the same journeys in production shape:
 * the SPA on its own origin, the API through nginx over two built instances (scripts/lib/prod-like.ts),
 * then checks nginx's logs for cross-origin calls, balancing and streams.
 * Prints a pass/fail summary and exits non-zero on any failure.
 */
import { liveOrderFlow } from './journeys/live-order-flow.js';
import { screens } from './journeys/screens.js';
import { sessionEnd } from './journeys/session-end.js';
import { BrowserSession } from './lib/browser.js';
import { Run } from './lib/harness.js';
import { startProdLikeStack } from './lib/prod-like-stack.js';
import { buildWeb, startStack, type Stack } from './lib/stack.js';

const OVERALL_TIMEOUT_MS = 10 * 60_000;
const GROUPS = { live: liveOrderFlow, session: sessionEnd, screens };
const only = process.env.E2E_ONLY?.split(',').map((g) => g.trim()).filter(Boolean);
const unknown = only?.filter((g) => !(g in GROUPS)) ?? [];
if (unknown.length) throw new Error(`E2E_ONLY: unknown group(s) ${unknown.join(', ')}; use ${Object.keys(GROUPS).join(', ')}`);
const STACKS = ['server', 'prod-like'];
const stackKind = process.env.E2E_STACK || 'server';
if (!STACKS.includes(stackKind)) throw new Error(`E2E_STACK: unknown stack ${stackKind}; use ${STACKS.join(' or ')}`);

async function main(): Promise<boolean> {
  let stack: Stack | undefined;
  let browser: BrowserSession | undefined;
  const run = new Run(() => browser?.takeProblems() ?? []);
  try {
    await run.journey('Setup', async (step) => {
      if (stackKind === 'prod-like') {
        await step('production shape: 2 built instances (NODE_ENV=production), nginx, the SPA built for the proxy origin on its own origin, seeded accounts', async () => {
          stack = await startProdLikeStack();
        });
      } else {
        await step('build the SPA (npm run build:web)', async () => buildWeb());
        await step('fresh database, real server serving dist/web, seeded accounts', async () => {
          stack = await startStack();
        });
      }
      if (stack) console.log(`      ${stack.description}`);
      await step('launch Chromium', async () => {
        browser = await BrowserSession.launch(stack!.spaUrl);
      });
    });
    for (const [name, group] of Object.entries(GROUPS)) {
      if (stack && browser && (!only || only.includes(name))) await group(run, browser, stack);
    }
    // After the browser: its streams have ended, so the stack's logs are complete.
    await browser?.close().catch((err: unknown) => console.error('closing Chromium failed:', err));
    browser = undefined;
    // The checks count what the live journey does (streams, writes on both instances).
    const checks = !only || only.includes('live') ? (stack?.checks ?? []) : [];
    if (checks.length) {
      await run.journey('Production shape (from the proxy\'s and the instances\' logs)', async (step) => {
        for (const check of checks) await step(check.name, () => check.run(), { soft: true });
      });
    }
  } finally {
    await browser?.close().catch((err: unknown) => console.error('closing Chromium failed:', err));
    await stack?.stop().catch((err: unknown) => console.error('stopping the server failed:', err));
  }
  return run.summarize();
}

const watchdog = setTimeout(() => {
  console.error(`E2E FAILED: still running after ${OVERALL_TIMEOUT_MS / 60_000} minutes`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
watchdog.unref();

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error('E2E FAILED:', err);
    process.exit(1);
  },
);
