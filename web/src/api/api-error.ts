import { isAxiosError } from 'axios';
import type { ErrorDetail, ErrorEnvelope } from './types';

/** Every failed API call rejects with this, whatever went wrong underneath. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;
  /** Seconds, from `Retry-After` on 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(init: { status: number; code: string; message: string; details?: ErrorDetail[]; requestId?: string; retryAfter?: number }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }

  /** The first detail for a field path such as `items.0.quantity`. */
  detailFor(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.message;
  }
}

const GENERIC: Record<number, string> = {
  0: "Can't reach the server. Check your connection and try again.",
  404: 'Not found.',
  413: 'That is too large to send.',
  429: 'Too many attempts. Please wait a moment and try again.',
  503: 'The service is temporarily unavailable. Please try again shortly.',
};

function isEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (!isAxiosError(err)) {
    return new ApiError({ status: 0, code: 'client_error', message: err instanceof Error ? err.message : 'Something went wrong.' });
  }
  if (err.code === 'ERR_CANCELED') return new ApiError({ status: 0, code: 'canceled', message: 'The request was canceled.' });
  const response = err.response;
  if (!response) return new ApiError({ status: 0, code: 'network_error', message: GENERIC[0] ?? '' });
  const retryHeader = Number(response.headers?.['retry-after']);
  const retryAfter = Number.isFinite(retryHeader) && retryHeader >= 0 ? retryHeader : undefined;
  if (isEnvelope(response.data)) {
    const { code, message, details, requestId } = response.data.error;
    return new ApiError({ status: response.status, code, message, details: Array.isArray(details) ? details : [], requestId, retryAfter });
  }
  const message = GENERIC[response.status] ?? `The server answered ${response.status}. Please try again.`;
  return new ApiError({ status: response.status, code: 'http_error', message, retryAfter });
}
