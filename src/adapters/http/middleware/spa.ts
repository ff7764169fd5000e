import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Middleware } from 'koa';
import send from 'koa-send';

/** SECURITY.md 16: the SPA may load only its own scripts and styles. */
export const SPA_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const ONE_YEAR_SECONDS = 31_536_000;

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/**
 * Serves the built SPA for every GET outside /api (and /.well-known): real files as
 * they are, any other path as index.html so client-side routes survive a reload.
 * Vite's hashed assets never change, so they are cached for a year; index.html is
 * revalidated on every load so a deploy takes effect at once.
 */
export function serveSpa(rootDir: string): Middleware {
  const root = path.resolve(rootDir);
  const serve = async (ctx: Context) => {
    const raw = ctx.path.replace(/^\/+/, '');
    const relative = safeDecode(raw);
    const candidate = relative === null ? '' : path.resolve(root, relative);
    const servesFile = !!relative && candidate.startsWith(`${root}${path.sep}`) && (await isFile(candidate));
    ctx.set('Content-Security-Policy', SPA_CSP);
    if (servesFile && relative?.startsWith('assets/')) {
      // koa-send decodes the path itself, so it gets the raw one.
      await send(ctx, raw, { root, maxage: ONE_YEAR_SECONDS * 1000, immutable: true });
    } else if (servesFile) {
      await send(ctx, raw, { root });
      ctx.set('Cache-Control', 'no-cache');
    } else {
      await send(ctx, 'index.html', { root });
      ctx.set('Cache-Control', 'no-cache');
    }
  };
  // Not async: the API requests passing through pay no extra promise.
  return (ctx, next) => {
    const isApi = ctx.path === '/api' || ctx.path.startsWith('/api/') || ctx.path.startsWith('/.well-known/');
    return isApi || (ctx.method !== 'GET' && ctx.method !== 'HEAD') ? next() : serve(ctx);
  };
}
