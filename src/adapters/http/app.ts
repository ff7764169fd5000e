import type Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import { InFlightRequests } from './middleware/in-flight.js';
import { requestFrame } from './middleware/request-frame.js';
import { serveSpa } from './middleware/spa.js';
import { buildOpenApiDocument } from './openapi.js';
import type { RouteSpec } from './route.js';
import { buildRouter, type Authenticator } from './router.js';
import { openApiRoute } from './routes/operations.routes.js';

export interface AppDeps {
  routes: readonly RouteSpec[];
  logger: Logger;
  authenticate?: Authenticator;
  /** Turns adapter errors (e.g. a lost database connection) into application errors. */
  translateError?: (err: unknown) => unknown;
  corsOrigins?: readonly string[];
  trustProxy?: boolean;
  version?: string;
  /** The built SPA (dist/web) to serve outside /api; omitted in API-only tests. */
  spaDir?: string;
}

export interface HttpApp {
  app: Koa;
  router: Router;
  /** Handlers still running; shutdown waits for them before closing the pool. */
  inFlight: InFlightRequests;
  routes: readonly RouteSpec[];
  openApiDocument: ReturnType<typeof buildOpenApiDocument>;
}

/** Builds the Koa application without listening, so tests drive app.callback() directly. */
export function createApp(deps: AppDeps): HttpApp {
  // Behind one trusted proxy, only the address it appended (the rightmost) is believed:
  // anything to its left in X-Forwarded-For came from the client.
  const app = new Koa({ proxy: deps.trustProxy ?? false, maxIpsCount: 1 });
  // Koa's default error listener prints stacks to stderr; ours logs structured lines instead.
  app.silent = true;
  // The document describes every route, itself included, so it is built after the list.
  const holder: { document?: ReturnType<typeof buildOpenApiDocument> } = {};
  const routes = [...deps.routes, openApiRoute(() => holder.document)];
  const document = buildOpenApiDocument(routes, deps.version ?? '0.0.0');
  holder.document = document;
  const router = buildRouter(routes, deps.authenticate);

  const inFlight = new InFlightRequests();
  app.use(requestFrame({ logger: deps.logger, inFlight, corsOrigins: deps.corsOrigins ?? [], translateError: deps.translateError }));
  if (deps.spaDir) app.use(serveSpa(deps.spaDir));
  app.use((ctx, next) => {
    // JSON from the API is per-caller; no shared cache may keep it unless a route says so.
    ctx.set('Cache-Control', 'no-store');
    return next();
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, router, routes, openApiDocument: document, inFlight };
}
