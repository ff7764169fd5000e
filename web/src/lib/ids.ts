/**
 * A random key for `Idempotency-Key` and similar. `crypto.randomUUID` only exists in
 * secure contexts (HTTPS, localhost), so plain-HTTP deployments fall back to getRandomValues.
 */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
