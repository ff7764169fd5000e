import { ValidationError } from '../../application/errors.js';

/**
 * Opaque keyset cursors: the (timestamp, id) of the last row of a page, so the next
 * page starts strictly after it however many rows were added meanwhile.
 */
export interface KeysetPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Undefined for anything that is not a cursor this server made, including forged ones
 * the database would choke on (an id that is not a UUID, a year PostgreSQL cannot store).
 */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
    const date = new Date(at);
    const year = date.getUTCFullYear();
    return Number.isNaN(date.getTime()) || year < 1 || year > 9999 ? undefined : { at: date, id };
  } catch {
    return undefined;
  }
}

/** Decodes a client-supplied cursor, refusing one this server did not make. */
export function parseCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  if (!position) throw new ValidationError('The cursor is invalid.', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
  return position;
}
