/**
 * Event ids are bigserial values serialised as decimal strings. They are compared as
 * numbers ("10" comes after "9"), never as strings.
 */
const EVENT_ID = /^(0|[1-9][0-9]{0,18})$/;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

export function isEventId(value: string): boolean {
  return EVENT_ID.test(value) && BigInt(value) <= MAX_BIGINT;
}

export function compareEventIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `id` comes after `cursor` (null = before everything). */
export function isAfter(id: string, cursor: string | null): boolean {
  return cursor === null || compareEventIds(id, cursor) > 0;
}

/** The later of two cursors. */
export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareEventIds(a, b) >= 0 ? a : b;
}
