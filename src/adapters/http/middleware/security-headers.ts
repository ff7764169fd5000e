import type { Middleware } from 'koa';

/** The CSP for JSON responses: nothing may load, nothing may frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** SECURITY.md 16 on every API response (the HTTP server's own refusals send them too). */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': API_CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * SECURITY.md 16 and 18 on every response. HSTS only over HTTPS (ctx.secure honours
 * X-Forwarded-Proto when TRUST_PROXY is on), since browsers ignore it on plain HTTP.
 * Any cookie header is stripped last as a guard: Orderly never sets cookies.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set({ ...API_SECURITY_HEADERS });
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    try {
      await next();
    } finally {
      ctx.remove('set-cookie'); // header names are case-insensitive
    }
  };
}
