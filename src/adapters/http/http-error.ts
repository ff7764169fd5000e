import type { ErrorDetail } from '../../application/errors.js';

/** An error that already knows its HTTP shape: status, envelope code, extra headers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: ErrorDetail[]; requestId: string };
}

export function envelope(error: HttpError, requestId: string): ErrorEnvelope {
  const body: ErrorEnvelope['error'] = { code: error.code, message: error.message, requestId };
  if (error.details && error.details.length > 0) body.details = error.details;
  return { error: body };
}

export const notFound = (message = 'No such resource.') => new HttpError(404, 'not_found', message);
