import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * CORS by explicit allowlist (SECURITY.md 17): a listed origin is echoed, any other
 * gets no Access-Control-Allow-Origin. Bearer tokens travel in a header, so
 * credentials mode stays off.
 */
export function corsAllowlist(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  const listed = cors({
    origin: (ctx) => ctx.get('Origin'),
    credentials: false,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'Last-Event-ID', 'X-Request-Id'],
    exposeHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'WWW-Authenticate', 'Location'],
    maxAge: 600,
  });
  // Most requests (same origin, curl, the proxy's health checks) carry no listed Origin:
  // they get what @koa/cors gives them, `Vary: Origin` and nothing else, without its
  // asynchronous detour on every request.
  return (ctx, next) => {
    if (allowed.has(ctx.get('Origin'))) return listed(ctx, next);
    ctx.vary('Origin');
    return next();
  };
}
