import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { LoginThrottle } from '../ports/login-throttle.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { TokenIssuer } from '../ports/token-issuer.js';
import type { UserRepository } from '../ports/user-repository.js';
import { issueSession, type AuthSession } from './auth-session.js';
import { assertAcceptablePassword, assertCheckablePassword } from './password-rules.js';

export interface ChangePasswordInput {
  userId: string;
  currentPassword: string;
  newPassword: string;
  ip: string;
}

/**
 * Replaces the password and ends every other session. A wrong current password is a
 * 422 on that field (not a 401, which would sign the user out), and it counts as a
 * failed login, so a stolen token cannot be used to guess the password.
 */
export class ChangePassword {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  async execute(input: ChangePasswordInput): Promise<AuthSession> {
    assertCheckablePassword(input.currentPassword, 'currentPassword');
    assertAcceptablePassword(input.newPassword, 'newPassword');
    const user = await this.users.findById(input.userId);
    if (!user) throw new NotFoundError('No such user.');
    const attempt = { email: user.email, ip: input.ip };
    await this.throttle.assertAllowed(attempt);
    if (!(await this.hasher.verify(input.currentPassword, user.passwordHash))) {
      await this.throttle.recordFailure(attempt);
      throw new ValidationError('The current password is incorrect.', [{ path: 'currentPassword', message: 'is incorrect' }]);
    }
    await this.throttle.recordSuccess(attempt);
    const now = this.clock.now();
    user.changePasswordHash(await this.hasher.hash(input.newPassword), now, true);
    if (!(await this.users.update(user))) {
      throw new ConflictError('Your account changed while the password was being changed; please try again.');
    }
    return issueSession(this.tokens, user, now, now);
  }
}
