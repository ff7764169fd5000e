/** Emails are trimmed and compared case-insensitively; this is the form stored and looked up. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
