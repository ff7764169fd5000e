import type { Context } from 'koa';

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
const HEADER_ENTRIES = Object.entries(API_SECURITY_HEADERS);

/**
 * SECURITY.md 16 and 18 on every response, set on arrival so even an error carries them.
 * HSTS only over HTTPS (ctx.secure honours X-Forwarded-Proto when TRUST_PROXY is on),
 * since browsers ignore it on plain HTTP.
 */
export function applySecurityHeaders(ctx: Context): void {
  for (const [name, value] of HEADER_ENTRIES) ctx.set(name, value);
  if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** SECURITY.md 18, the last thing done to a response: Orderly never sets cookies, whatever a library tried. */
export function stripCookies(ctx: Context): void {
  ctx.remove('set-cookie'); // header names are case-insensitive
}
