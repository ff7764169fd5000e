/**
 * Passwords are 8..72 UTF-8 bytes: bcrypt ignores everything past byte 72, so a
 * longer one is refused rather than silently truncated.
 */
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;

export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Returns why the password is unacceptable, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  const bytes = utf8Length(password);
  if (bytes < PASSWORD_MIN_BYTES) return `must be at least ${PASSWORD_MIN_BYTES} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  if (password.includes('\u0000')) return 'must not contain NUL characters';
  return null;
}
