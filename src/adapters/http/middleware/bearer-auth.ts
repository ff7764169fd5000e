import type { Context } from 'koa';
import type { AuthenticateToken } from '../../../application/auth/authenticate-token.js';
import { UnauthenticatedError } from '../../../application/errors.js';
import { HttpError } from '../http-error.js';
import type { Authenticator } from '../router.js';

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME_ONLY = /^Bearer(\s|$)/i;

const challenge = (error?: string) => (error ? `Bearer realm="api", error="${error}"` : 'Bearer realm="api"');

/**
 * The Bearer middleware of every protected route: the token comes from the
 * Authorization header only (never query, cookie or body). A malformed header is 400
 * invalid_request, a missing one 401, a bad token 401 invalid_token (RFC 6750 §3.1).
 * The verified token is kept on ctx.state.token for routes that need its claims.
 */
export function bearerAuthenticator(authenticateToken: AuthenticateToken): Authenticator {
  return async (ctx: Context) => {
    const header = ctx.get('Authorization');
    if (!header || !SCHEME_ONLY.test(header)) {
      throw new HttpError(401, 'unauthorized', 'Authentication is required.', undefined, { 'WWW-Authenticate': challenge() });
    }
    const match = BEARER.exec(header);
    if (!match) {
      throw new HttpError(400, 'invalid_request', 'The Authorization header must be "Bearer <token>".', undefined, {
        'WWW-Authenticate': challenge('invalid_request'),
      });
    }
    try {
      const { principal, token } = await authenticateToken.execute(match[1]!);
      ctx.state.token = token;
      return principal;
    } catch (err) {
      if (!(err instanceof UnauthenticatedError)) throw err;
      throw new HttpError(401, 'unauthorized', err.message, undefined, { 'WWW-Authenticate': challenge('invalid_token') });
    }
  };
}
