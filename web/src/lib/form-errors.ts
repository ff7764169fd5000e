import { ApiError, toApiError } from '../api/api-error';

/** "must be at least 8 characters" under "Password" → "Password must be at least 8 characters." */
export function fieldMessage(label: string, message: string): string {
  const text = /^[A-Z]/.test(message) ? message : `${label} ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface MappedErrors {
  /** Field path (as the server names it, e.g. `items.0.quantity`) → message for that field. */
  fields: Record<string, string>;
  /** What belongs to no field on this form: shown at the top of the form. */
  summary: string | null;
}

/**
 * Spreads an API error over a form: each `details` entry next to its field, the rest
 * (and the envelope message when no field matched) in the summary.
 */
export function mapApiError(err: unknown, labelFor: (path: string) => string | undefined): MappedErrors {
  const error: ApiError = toApiError(err);
  const fields: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const detail of error.details) {
    const label = labelFor(detail.path);
    if (label && !fields[detail.path]) fields[detail.path] = fieldMessage(label, detail.message);
    else if (!label) unmatched.push(fieldMessage(detail.path, detail.message));
  }
  return { fields, summary: [error.message, ...unmatched].join(' ') };
}
