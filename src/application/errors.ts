/**
 * Errors the core raises. Adapters translate them (HTTP maps each to a status and
 * an envelope code); the core never knows about status codes.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export abstract class ApplicationError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends ApplicationError {
  readonly code = 'validation_failed';
}

export class NotFoundError extends ApplicationError {
  readonly code = 'not_found';
}

export class ForbiddenError extends ApplicationError {
  constructor(
    message: string,
    readonly code: 'forbidden' | 'account_disabled' = 'forbidden',
  ) {
    super(message);
  }
}

export class UnauthenticatedError extends ApplicationError {
  constructor(
    message: string,
    readonly code: 'unauthorized' | 'invalid_credentials' = 'unauthorized',
  ) {
    super(message);
  }
}

export class ConflictError extends ApplicationError {
  constructor(
    message: string,
    readonly code: string = 'conflict',
    details?: ErrorDetail[],
  ) {
    super(message, details);
  }
}

export class PreconditionFailedError extends ApplicationError {
  readonly code = 'precondition_failed';
}

export class RateLimitedError extends ApplicationError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A dependency (the database, a worker pool) cannot serve right now; retrying later may work. */
export class UnavailableError extends ApplicationError {
  readonly code = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
