import type { Context } from 'koa';
import type { Logger } from 'pino';

/**
 * One structured line per request, written when its handler is done. Only whitelisted
 * fields are logged, so a token, a password or the Authorization header can never reach
 * the logs. `startedAt` is process.hrtime.bigint() at arrival.
 */
export function requestLogger(logger: Logger): (ctx: Context, startedAt: bigint) => void {
  return (ctx, startedAt) => {
    const status = ctx.status;
    // 503 is the database or the server being away on purpose (it recovers by itself, and
    // an outage would otherwise flood the error level); any other 5xx is a bug.
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : 'info';
    // The line is not even built at a level the logger drops (LOG_LEVEL=warn skips every 2xx).
    if (!logger.isLevelEnabled(level)) return;
    const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    const entry = {
      requestId: ctx.state.requestId as string,
      method: ctx.method,
      route: (ctx as { _matchedRoute?: string })._matchedRoute ?? null,
      path: ctx.path,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
    };
    if (level === 'warn') logger.warn(entry, 'request refused: unavailable');
    else if (level === 'error') logger.error(entry, 'request failed');
    else logger.info(entry, 'request');
  };
}
