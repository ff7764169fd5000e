import type { Role } from '../api/types';

/** The claims the SPA reads. Nothing here is trusted: the server verifies every request. */
export interface TokenClaims {
  sub: string;
  role: Role;
  /** Seconds since the epoch, server clock. */
  exp: number;
  iat?: number;
}

const ROLES: readonly string[] = ['customer', 'staff', 'admin'];

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads a JWT's payload without verifying it; null when it is not a token we understand. */
export function decodeClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1]));
    if (typeof payload !== 'object' || payload === null) return null;
    const { sub, role, exp, iat } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof exp !== 'number' || typeof role !== 'string' || !ROLES.includes(role)) return null;
    return { sub, role: role as Role, exp, iat: typeof iat === 'number' ? iat : undefined };
  } catch {
    return null;
  }
}
