import type request from 'supertest';
import type { HttpApp } from '../../src/adapters/http/app.js';
import type { LiveEventHub } from '../../src/adapters/live/live-event-hub.js';
import { TOKENS } from '../../src/tokens.js';
import { assertResponseHygiene } from '../support/checked-http.js';
import type { RealApp } from '../support/real-app.js';
import { changedTables, DatabaseFingerprint, type Fingerprint } from './fingerprint.js';
import { RawClient, type WireRequest, type WireResponse } from './raw-client.js';
import { render, type HostileRequest, type Rendered } from './requests.js';
import { hostileRoutes, type HostileRoute } from './route-table.js';
import { World } from './world.js';

/** Refused sign-ins and password changes count towards the login throttle (SECURITY.md 9): that table may change on them. */
const THROTTLE_TABLE = 'login_throttle';
const THROTTLED_ROUTES = ['POST /api/auth/email-login', 'PUT /api/auth/password'];
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export class HostileFailure extends Error {
  override name = 'HostileFailure';
}

/** Counts of what was sent and what came back, for the summary line. */
export class Tally {
  requests = 0;
  readonly byStatus = new Map<number, number>();
  readonly byRoute = new Map<string, Map<number, number>>();
  private readonly started = Date.now();

  add(route: string, status: number): void {
    this.requests++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    const perRoute = this.byRoute.get(route) ?? new Map<number, number>();
    perRoute.set(status, (perRoute.get(status) ?? 0) + 1);
    this.byRoute.set(route, perRoute);
  }

  count(predicate: (status: number) => boolean): number {
    return [...this.byStatus].filter(([s]) => predicate(s)).reduce((sum, [, n]) => sum + n, 0);
  }

  summary(): string {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const statuses = [...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
    const routes = [...this.byRoute]
      .map(([route, m]) => `  ${route.padEnd(36)} ${[...m].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ')}`)
      .join('\n');
    return `hostile: ${this.requests} requests in ${seconds} s; statuses ${statuses}\n${routes}`;
  }
}

function describeExchange(sent: Rendered, res: WireResponse | undefined): string {
  const body = sent.body ? sent.body.toString('utf8') : '';
  const shown = body.length > 600 ? `${body.slice(0, 600)}… (${sent.body!.length} bytes${sent.chunked ? ', chunked' : ''})` : body;
  const headers = sent.headers.map(([k, v]) => `  ${k}: ${v.length > 120 ? `${v.slice(0, 120)}…` : v}`).join('\n');
  const reply = res ? `\n← ${res.status} ${res.headers['content-type'] ?? ''}\n  ${res.text.slice(0, 600)}` : '';
  return `→ ${sent.method} ${sent.target.length > 300 ? `${sent.target.slice(0, 300)}…` : sent.target}\n${headers}\n  ${shown}${reply}`;
}

/** The response rules that hold for any request (API.md general rules, SECURITY.md 12, 15, 18). */
function checkResponse(route: HostileRoute | undefined, sent: Rendered, res: WireResponse, http: HttpApp): void {
  const fail = (why: string) => {
    throw new HostileFailure(`${why}\n${describeExchange(sent, res)}`);
  };
  if (res.status >= 500) fail(`a ${res.status}: the server must refuse bad input with a 4xx, never fail on it`);
  if (res.status < 100 || res.status > 599) fail(`an impossible status ${res.status}`);
  if (sent.method === 'HEAD') {
    // No body by definition; the headers still say what the GET would carry.
    if (res.text !== '') fail('a body on a HEAD response');
    if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/json; charset=utf-8')) fail('a HEAD refusal that is not JSON');
    if (res.headers['set-cookie'] || !res.headers['x-request-id']) fail('a cookie, or no X-Request-Id');
  } else {
    try {
      // The checks every checked-http test applies: envelope, Content-Type, request id, no internals, no cookie, no hash.
      assertResponseHygiene({ ...res, req: { method: sent.method, path: sent.target } } as unknown as request.Response);
    } catch (err) {
      fail((err as Error).message.split('\n')[0]!);
    }
  }
  const error = (res.body as { error?: { code?: string } } | undefined)?.error;
  if (res.status === 401 && error?.code === 'unauthorized' && !/^Bearer realm="api"/.test(String(res.headers['www-authenticate']))) fail('a 401 without its WWW-Authenticate challenge');
  if (res.status === 405 && !res.headers.allow) fail('a 405 without Allow');
  if ((res.status === 429 || res.status === 503) && !/^\d+$/.test(String(res.headers['retry-after']))) fail(`a ${res.status} without an integer Retry-After`);
  if (Object.getOwnPropertyNames(Object.prototype).some((k) => !BUILTIN_PROTO_KEYS.has(k))) fail('Object.prototype was polluted');

  // What the route's own rules say, when the request reached it.
  // 431: Node's parser refused the request line and headers; no route saw it.
  if (!route || res.status === 431) return;
  const pathname = sent.target.split('?')[0]!;
  const reached = http.router.match(pathname, sent.method).pathAndMethod.some((layer) => layer.path === route.path);
  if (!reached) return;
  if (!route.isPublic && !sent.authenticatedAs && ![400, 401].includes(res.status)) {
    fail(`${res.status} for a protected route without a valid bearer token: expected 401 (or 400 for a malformed header)`);
  }
  const role = sent.authenticatedAs?.role;
  if (role && route.roles && route.roles.length > 0 && !route.roles.includes(role) && res.status !== 403) {
    fail(`${res.status} for a ${role} on a route for ${route.roles.join('/')}: expected 403`);
  }
}

const BUILTIN_PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Sends hostile requests to the real application (PostgreSQL, jose, bcrypt) in-process
 * and checks each response, and that a refused request (4xx) or a safe method left every
 * table exactly as it was: the fingerprint is taken right before and right after each such
 * request, so a failure names the culprit request itself.
 */
export class HostileHarness {
  readonly tally = new Tally();
  readonly routes: HostileRoute[];
  private baseline: Fingerprint | undefined;

  private constructor(
    readonly app: RealApp,
    readonly http: HttpApp,
    readonly client: RawClient,
    readonly world: World,
    readonly fingerprint: DatabaseFingerprint,
  ) {
    this.routes = hostileRoutes(http);
  }

  static async start(app: RealApp): Promise<HostileHarness> {
    const http = app.container.get<HttpApp>(TOKENS.HttpApp);
    const client = await RawClient.start(app.server);
    const world = await World.create(app, client);
    const fingerprint = await DatabaseFingerprint.prepare(app.db.sequelize);
    return new HostileHarness(app, http, client, world, fingerprint);
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.app.container.get<LiveEventHub>(TOKENS.LiveEventHub).shutdown();
  }

  /** One generated request against `route`: send, check, learn, and heal the actors if it legitimately hurt them. */
  async run(route: HostileRoute, req: HostileRequest): Promise<void> {
    const sent = await render(route, req, this.world);
    await this.exchange(route, sent);
  }

  /** A request to a path no route (or another route) serves. */
  async runStray(req: { method: string; target: string; headers: Array<[string, string]> }): Promise<void> {
    const sent: Rendered = { ...req, chunked: false, authenticatedAs: undefined, actor: this.world.actors.customer, targetOrder: undefined, idempotencyKey: undefined };
    await this.exchange(undefined, sent);
  }

  private async exchange(route: HostileRoute | undefined, sent: Rendered): Promise<void> {
    const before = this.baseline ?? (await this.fingerprint.take());
    this.baseline = undefined;
    const wire: WireRequest = { method: sent.method, target: sent.target, headers: sent.headers, body: sent.body, chunked: sent.chunked };
    let res: WireResponse;
    try {
      res = await this.client.send(wire);
    } catch (err) {
      throw new HostileFailure(`no response: ${(err as Error).message}\n${describeExchange(sent, undefined)}`);
    }
    this.tally.add(route?.name ?? 'other paths', res.status);
    checkResponse(route, sent, res, this.http);

    const refused = res.status >= 400 && res.status < 500;
    if (refused || SAFE_METHODS.includes(sent.method)) {
      const after = await this.fingerprint.take();
      const throttled = refused && route !== undefined && THROTTLED_ROUTES.includes(route.name);
      const changed = changedTables(before, after, throttled ? [THROTTLE_TABLE] : []);
      if (changed.length > 0) {
        const why = refused ? `a refused request (${res.status}) changed the database` : `a ${sent.method} changed the database`;
        throw new HostileFailure(`${why}: ${changed.join('; ')}\n${describeExchange(sent, res)}`);
      }
      this.baseline = after;
    }
    // Ids and cursors a success revealed are what later requests point at.
    this.world.learn(route?.path ?? '', res, sent.authenticatedAs?.key, sent.idempotencyKey);
    if (refused || SAFE_METHODS.includes(sent.method)) return;
    // Accepted: the state moved on purpose. Repair the actors if it hurt them (revoked, demoted, disabled).
    if (route?.name === 'PUT /api/auth/password' && sent.authenticatedAs && sent.body) {
      sent.authenticatedAs.password = (JSON.parse(sent.body.toString('utf8')) as { newPassword: string }).newPassword;
    }
    await this.world.heal();
  }
}
