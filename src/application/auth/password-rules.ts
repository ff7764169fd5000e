import { passwordProblem, PASSWORD_MAX_BYTES, utf8Length } from '../../domain/user/password-policy.js';
import { ValidationError } from '../errors.js';

/** Refuses a new password that breaks the policy, naming the field for the client. */
export function assertAcceptablePassword(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError('The password is not acceptable.', [{ path: field, message: problem }]);
}

/**
 * A password offered for checking may be any length the policy ever allowed, but
 * never more than bcrypt reads: past 72 bytes two different passwords would match.
 */
export function assertCheckablePassword(password: string, field = 'password'): void {
  if (utf8Length(password) > PASSWORD_MAX_BYTES) {
    throw new ValidationError('The password is too long.', [{ path: field, message: `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)` }]);
  }
}
