import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. The request log only writes whitelisted fields;
 * the redaction list is a second line of defence for anything logged by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'orderly' },
    redact: {
      paths: ['authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'password', '*.password', 'token', '*.token', 'currentPassword', 'newPassword'],
      censor: '[redacted]',
    },
  });
}
