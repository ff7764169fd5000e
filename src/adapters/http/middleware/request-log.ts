import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/**
 * One structured line per request. Only whitelisted fields are logged, so a token,
 * a password or the Authorization header can never reach the logs.
 */
export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const status = ctx.status;
      const entry = {
        requestId: ctx.state.requestId as string,
        method: ctx.method,
        route: (ctx as { _matchedRoute?: string })._matchedRoute ?? null,
        path: ctx.path,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
      };
      if (status >= 500) logger.error(entry, 'request failed');
      else logger.info(entry, 'request');
    }
  };
}
