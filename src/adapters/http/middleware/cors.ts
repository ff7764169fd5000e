import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * CORS by explicit allowlist (SECURITY.md 17): a listed origin is echoed, any other
 * gets no Access-Control-Allow-Origin. Bearer tokens travel in a header, so
 * credentials mode stays off.
 */
export function corsAllowlist(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    credentials: false,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'Last-Event-ID', 'X-Request-Id'],
    exposeHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'WWW-Authenticate', 'Location'],
    maxAge: 600,
  });
}
