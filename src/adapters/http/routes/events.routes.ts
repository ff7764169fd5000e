import type { Context } from 'koa';
import type { AuthenticateToken } from '../../../application/auth/authenticate-token.js';
import { UnauthenticatedError } from '../../../application/errors.js';
import type { VerifiedToken } from '../../../application/ports/token-issuer.js';
import { isEventId } from '../../live/event-id.js';
import type { LiveEventHub } from '../../live/live-event-hub.js';
import { HttpError } from '../http-error.js';
import { protectedRoute, type RouteSpec } from '../route.js';

export const EVENT_STREAM_TYPE = 'text/event-stream; charset=utf-8';

/** Absent or empty: start from now. Anything but a decimal event id: 400, rather than a silent "from now". */
function lastEventId(ctx: Context): string | null {
  const value = ctx.get('Last-Event-ID').trim();
  if (value === '') return null;
  if (!isEventId(value)) {
    throw new HttpError(400, 'bad_request', 'The Last-Event-ID header must be the id of an event this server sent.', [
      { path: 'Last-Event-ID', message: 'must be a decimal event id' },
    ]);
  }
  return value;
}

/** The stream re-checks the very token it was opened with; the bearer middleware has already validated the header's shape. */
function rawToken(ctx: Context): string {
  return ctx.get('Authorization').replace(/^Bearer +/i, '');
}

function stillAuthorized(authenticate: AuthenticateToken, token: string) {
  return () =>
    authenticate.execute(token).then(
      () => true,
      (err: unknown) => (err instanceof UnauthenticatedError ? false : Promise.reject(err)),
    );
}

/**
 * GET /api/events: Server-Sent Events (docs/API.md, "Live events"; SECURITY.md 19). The
 * bearer check, the Last-Event-ID check and the per-user stream limit all happen before the
 * first byte, so refusals are ordinary JSON errors. Koa steps aside (ctx.respond = false)
 * and the hub writes to the socket; the handler returns when the stream ends, so the
 * request log gets its line then, with the stream's duration.
 */
export function eventRoutes(hub: LiveEventHub, authenticate: AuthenticateToken): RouteSpec[] {
  return [
    protectedRoute({
      method: 'get', path: '/api/events', summary: 'Live events of the orders the caller may see (Server-Sent Events)', tags: ['Live events'],
      responses: {
        200: {
          description: 'An event stream: `retry: 3000`, then the events after `Last-Event-ID` (if sent), then live ones, with a `: keep-alive` comment at least every 25 s. Ends when the token expires or is revoked.',
          contentType: EVENT_STREAM_TYPE,
        },
        400: { description: '`bad_request`: Last-Event-ID is not an event id.' },
        429: { description: '`rate_limited`: too many concurrent streams of this user (default 5), with Retry-After.' },
        503: { description: '`unavailable`: the server is shutting down or the database is unreachable.' },
      },
      handler: async ({ principal, ctx }) => {
        const from = lastEventId(ctx);
        const headers = { 'Content-Type': EVENT_STREAM_TYPE, 'Cache-Control': 'no-store, no-transform', 'X-Accel-Buffering': 'no' };
        if (ctx.method === 'HEAD') return { status: 200, headers };
        const token = ctx.state.token as VerifiedToken;
        const stream = await hub.open({
          principal,
          expiresAt: token.expiresAt,
          stillAuthorized: stillAuthorized(authenticate, rawToken(ctx)),
          out: ctx.res,
        });
        try {
          ctx.status = 200;
          ctx.set(headers);
          ctx.respond = false;
          ctx.req.socket.setTimeout(0);
          ctx.req.socket.setNoDelay(true);
          ctx.res.flushHeaders();
        } catch (err) {
          stream.close('write-error');
          throw err;
        }
        await hub.serve(stream, from);
      },
    }),
  ];
}
