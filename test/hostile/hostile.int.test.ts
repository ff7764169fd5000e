import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealApp, type RealApp } from '../support/real-app.js';
import { HostileHarness } from './harness.js';
import { requestArbitrary, strayRequestArbitrary } from './requests.js';
import { hostileRoutes } from './route-table.js';
import { buildInMemoryApp } from '../support/in-memory-app.js';

/**
 * Hostile input at scale (SECURITY.md 12, 15, 18; API.md general rules): property-based
 * requests against every route the router serves, on the real stack (PostgreSQL, jose,
 * bcrypt). For each request: never a 5xx, the error envelope on every non-2xx, nothing
 * internal in a body, 401/403 where the route's access rule says so, and a refused request
 * leaves every table as it was.
 *
 * HOSTILE_RUNS is the number of requests (default 1500, ~10 s here; the full run is
 * `npm run test:hostile`, 10 000). HOSTILE_SEED replays a run fast-check reported.
 */
const TOTAL = Number(process.env.HOSTILE_RUNS ?? 1500);
const SEED = process.env.HOSTILE_SEED === undefined ? undefined : Number(process.env.HOSTILE_SEED);
const STRAY_SHARE = 0.04;

// The route list is known before the app starts (same router, in-memory adapters), so each route gets its own test.
const routes = hostileRoutes(buildInMemoryApp().http);
const perRoute = Math.max(5, Math.ceil((TOTAL * (1 - STRAY_SHARE)) / routes.length));
const stray = Math.max(5, Math.ceil(TOTAL * STRAY_SHARE));
// Each test gets time in proportion to its share; 2 shared cores do ~50 requests a second.
const timeout = (runs: number) => 60_000 + runs * 200;

let app: RealApp;
let harness: HostileHarness;

beforeAll(async () => {
  // Enough sign-in failures per IP for the whole run, so hostile logins keep reaching bcrypt (the per-email block still trips).
  app = await buildRealApp({ LOGIN_MAX_FAILURES_PER_IP_PER_DAY: '1000000' });
  harness = await HostileHarness.start(app);
}, 120_000);

afterAll(async () => {
  if (harness) {
    const { takes, ms } = harness.fingerprint.cost;
    console.log(`${harness.tally.summary()}\nfingerprints: ${takes}, ${(ms / Math.max(1, takes)).toFixed(2)} ms each`);
  }
  await harness?.stop();
  await app?.close();
});

const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });

describe('hostile requests', () => {
  it('cover every route the router serves', () => {
    expect(harness.routes.map((r) => r.name)).toEqual(routes.map((r) => r.name));
    expect(routes.length).toBeGreaterThan(10);
  });

  for (const route of routes) {
    it(`${route.name}: no 5xx, the envelope on every refusal, and a refusal changes nothing`, async () => {
      const live = harness.routes.find((r) => r.name === route.name)!;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(live), (req) => harness.run(live, req)),
        params(perRoute),
      );
    }, timeout(perRoute));
  }

  it('paths no route serves, and odd spellings of known ones', async () => {
    await fc.assert(
      fc.asyncProperty(strayRequestArbitrary(), async ({ method, target, auth }) => {
        const headers: Array<[string, string]> = auth.kind === 'actor' ? [['Authorization', `${auth.scheme}${harness.world.actors[auth.who].token}`]] : [];
        await harness.runStray({ method, target: target.replace(/[^\x21-\x7e]/g, encodeURIComponent), headers });
      }),
      params(stray),
    );
  }, timeout(stray));

  it(`sent at least ${TOTAL} requests, some accepted and many refused`, () => {
    expect(harness.tally.requests).toBeGreaterThanOrEqual(TOTAL);
    expect(harness.tally.count((s) => s < 300)).toBeGreaterThan(0);
    expect(harness.tally.count((s) => s >= 400)).toBeGreaterThan(0);
  });
});
