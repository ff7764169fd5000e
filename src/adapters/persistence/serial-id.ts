import { ValidationError } from '../../application/errors.js';

/**
 * Message and event ids: PostgreSQL bigserials, serialised as decimal strings. Clients
 * send them back as cursors and read markers, so like keyset-cursor.ts this refuses
 * anything that is not one (a word, a negative number, a value beyond bigint) with a
 * ValidationError, before it reaches the database and turns into a 500.
 */
const BIGINT_MAX = 9223372036854775807n;
const DIGITS = /^\d{1,19}$/;

/** The id in canonical form ('007' is '7'), or undefined when it cannot be an id. */
export function canonicalSerialId(value: string): string | undefined {
  if (!DIGITS.test(value)) return undefined;
  const id = BigInt(value);
  return id > BIGINT_MAX ? undefined : id.toString();
}

/** Parses a client-supplied id; `path` names the field in the ValidationError. */
export function parseSerialId(value: string, path: string): string {
  const id = canonicalSerialId(value);
  if (id === undefined) throw new ValidationError('The id is invalid.', [{ path, message: 'is not an id from this API' }]);
  return id;
}

/** Like parseSerialId, for an optional value. */
export const parseOptionalSerialId = (value: string | undefined, path: string): string | undefined =>
  value === undefined ? undefined : parseSerialId(value, path);

/** Numeric comparison of two canonical ids. */
export const compareSerialIds = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Order and user ids are uuids; anything else matches no row (and must not reach a uuid column). */
export const isUuid = (value: string): boolean => UUID.test(value);
