const PROBE_ORIGIN = 'http://orderly.invalid';
const hasControlCharacter = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * The `?redirect=` target, if it is a path inside this app; null otherwise.
 * Refuses `//evil.com`, `/\evil.com` (browsers read `\` as `/`), absolute URLs and
 * control characters, so a crafted login link cannot send the user elsewhere.
 */
export function safeRedirect(value: unknown): string | null {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== 'string' || !candidate.startsWith('/')) return null;
  if (candidate.startsWith('//') || candidate.includes('\\') || hasControlCharacter(candidate)) return null;
  try {
    const url = new URL(candidate, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}
