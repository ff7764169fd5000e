import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { corsAllowlist } from './cors.js';
import { errorHandler } from './error-handler.js';
import type { InFlightRequests } from './in-flight.js';
import { assignRequestId } from './request-id.js';
import { requestLogger } from './request-log.js';
import { applySecurityHeaders, stripCookies } from './security-headers.js';

export interface RequestFrameOptions {
  logger: Logger;
  inFlight: InFlightRequests;
  corsOrigins: readonly string[];
  translateError?: (err: unknown) => unknown;
}

/**
 * What surrounds every request, outermost first: counted in flight, given a request id,
 * logged when done, security headers, CORS, and every error turned into the contract's
 * envelope. One middleware instead of six stacked ones, because each Koa layer costs a
 * promise and a closure on every request, and these steps never needed to be separate
 * layers (docs/PERFORMANCE.md, "Third VM").
 */
export function requestFrame(options: RequestFrameOptions): Middleware {
  const { inFlight } = options;
  const cors = corsAllowlist(options.corsOrigins);
  const answerErrors = errorHandler(options.logger, options.translateError);
  const logRequest = requestLogger(options.logger);
  return async (ctx, next) => {
    inFlight.enter();
    const startedAt = process.hrtime.bigint();
    try {
      assignRequestId(ctx);
      applySecurityHeaders(ctx);
      try {
        await cors(ctx, () => answerErrors(ctx, next));
      } finally {
        stripCookies(ctx);
      }
    } finally {
      logRequest(ctx, startedAt);
      inFlight.leave();
    }
  };
}
