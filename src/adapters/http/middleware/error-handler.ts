import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { HttpError, envelope, notFound } from '../http-error.js';
import { toHttpError } from '../to-http-error.js';

/**
 * Every non-2xx leaves here in the contract's envelope: thrown errors, router
 * answers with an empty body (404 unmatched, 405 with Allow, 501 for a method it does
 * not know, answered as 405 or 404) and unknown bugs,
 * which become 500 `internal` with the details kept in the log, never in the body.
 */
export function errorHandler(logger: Logger, translate?: (err: unknown) => unknown): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body == null && ctx.status === 404) throw notFound();
      // The router answers 501 (no body) to a method it does not implement at all (PROPFIND, ACL, ...). For a
      // client that is a wrong method on a known path (405; Allow is already set), or a path that does not exist.
      if (ctx.body == null && ctx.status === 501) {
        if (ctx.response.get('Allow') === '') {
          ctx.remove('Allow');
          throw notFound();
        }
        ctx.status = 405;
      }
      if (ctx.body == null && ctx.status === 405) {
        throw new HttpError(405, 'method_not_allowed', `${ctx.method} is not allowed on this path.`);
      }
    } catch (err) {
      const httpError = toHttpError(err, translate);
      const requestId = ctx.state.requestId as string;
      if (httpError.status === 500) logger.error({ err, requestId }, 'unhandled error');
      if (ctx.headerSent) return; // a stream already started; the log line is all we can do
      ctx.remove('ETag');
      ctx.remove('Location');
      for (const [name, value] of Object.entries(httpError.headers)) ctx.set(name, value);
      // RFC 6750 3.1: a 401 for a request that did send a bearer token names the token as the problem.
      if (httpError.status === 401 && httpError.code === 'unauthorized' && /^Bearer\s/i.test(ctx.get('Authorization'))) {
        ctx.set('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"');
      }
      ctx.status = httpError.status;
      ctx.body = envelope(httpError, requestId);
    }
  };
}
