import type { Middleware } from 'koa';

/** The CSP for JSON responses: nothing may load, nothing may frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * SECURITY.md 16 and 18 on every response. HSTS only over HTTPS (ctx.secure honours
 * X-Forwarded-Proto when TRUST_PROXY is on), since browsers ignore it on plain HTTP.
 * Any cookie header is stripped last as a guard: Orderly never sets cookies.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', API_CSP);
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    try {
      await next();
    } finally {
      ctx.remove('set-cookie'); // header names are case-insensitive
    }
  };
}
