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
      // 503 is the database or the server being away on purpose (it recovers by itself, and
      // an outage would otherwise flood the error level); any other 5xx is a bug.
      if (status === 503) logger.warn(entry, 'request refused: unavailable');
      else if (status >= 500) logger.error(entry, 'request failed');
      else logger.info(entry, 'request');
    }
  };
}
