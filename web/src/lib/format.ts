const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** 3700 → "$37.00". Money travels as integer cents; only the view formats it. */
export function formatCents(cents: number, currency = 'USD'): string {
  const format = currency === 'USD' ? usd : new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return format.format(cents / 100);
}

/**
 * "18.5" → 1850. Parsed as text, not as a float, so "0.29" is 29 and never 28.
 * Null for anything that is not a non-negative amount with at most two decimals.
 */
export function parseDollarsToCents(input: string): number | null {
  const match = /^\s*\$?\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(input);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** UTF-8 length, which is what the password rules count. */
export const byteLength = (value: string): number => new TextEncoder().encode(value).length;
