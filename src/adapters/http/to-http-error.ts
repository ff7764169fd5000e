import {
  ApplicationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from '../../application/errors.js';
import { HttpError } from './http-error.js';

const BEARER_CHALLENGE = 'Bearer realm="api"';

function fromApplicationError(err: ApplicationError): HttpError {
  if (err instanceof ValidationError) return new HttpError(422, err.code, err.message, err.details);
  if (err instanceof NotFoundError) return new HttpError(404, err.code, err.message);
  if (err instanceof ForbiddenError) return new HttpError(403, err.code, err.message);
  if (err instanceof UnauthenticatedError) {
    const headers: Record<string, string> =
      err.code === 'unauthorized' ? { 'WWW-Authenticate': BEARER_CHALLENGE } : {};
    return new HttpError(401, err.code, err.message, undefined, headers);
  }
  if (err instanceof ConflictError) return new HttpError(409, err.code, err.message, err.details);
  if (err instanceof PreconditionFailedError) return new HttpError(412, err.code, err.message);
  if (err instanceof RateLimitedError) {
    return new HttpError(429, err.code, err.message, undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterSeconds))),
    });
  }
  if (err instanceof UnavailableError) {
    return new HttpError(503, err.code, err.message, undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterSeconds ?? 5))),
    });
  }
  return new HttpError(500, 'internal', 'Something went wrong on our side.');
}

/** Errors thrown by Koa itself or its middleware (http-errors style: status + expose). */
function fromFrameworkError(err: { status: number; expose?: boolean; message?: string }): HttpError {
  const status = err.status;
  const message = err.expose && err.message ? err.message : 'The request could not be processed.';
  if (status === 413) return new HttpError(413, 'payload_too_large', 'The request body is too large.');
  if (status === 415) return new HttpError(415, 'unsupported_media_type', message);
  if (status === 404) return new HttpError(404, 'not_found', 'No such resource.');
  if (status === 405) return new HttpError(405, 'method_not_allowed', 'Method not allowed on this path.');
  if (status >= 400 && status < 500) return new HttpError(status, 'bad_request', message);
  return new HttpError(500, 'internal', 'Something went wrong on our side.');
}

function hasHttpStatus(err: unknown): err is { status: number; expose?: boolean; message?: string } {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/**
 * Maps anything thrown while handling a request to the contract's error shape.
 * `translate` lets the composition root turn adapter errors (e.g. a dropped
 * database connection) into application errors without the HTTP layer knowing them.
 */
export function toHttpError(err: unknown, translate: (err: unknown) => unknown = (e) => e): HttpError {
  const translated = translate(err);
  if (translated instanceof HttpError) return translated;
  if (translated instanceof ApplicationError) return fromApplicationError(translated);
  if (hasHttpStatus(translated)) return fromFrameworkError(translated);
  return new HttpError(500, 'internal', 'Something went wrong on our side.');
}
