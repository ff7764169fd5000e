import { normaliseEmail } from '../../domain/user/email.js';
import type { User } from '../../domain/user/user.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { LoginThrottle } from '../ports/login-throttle.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { TokenIssuer } from '../ports/token-issuer.js';
import type { UserRepository } from '../ports/user-repository.js';
import { issueSession, type AuthSession } from './auth-session.js';
import { assertCheckablePassword } from './password-rules.js';

export interface LoginInput {
  email: string;
  password: string;
  /** The client's IP, for throttling. */
  ip: string;
}

/**
 * Email + password sign-in. Validation and throttling come before any hashing; an
 * unknown email costs the same bcrypt work as a wrong password and gets the same
 * answer; a disabled account is only revealed after a correct password.
 */
export class Login {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  async execute(input: LoginInput): Promise<AuthSession> {
    assertCheckablePassword(input.password);
    const attempt = { email: normaliseEmail(input.email), ip: input.ip };
    await this.throttle.assertAllowed(attempt);

    const user = await this.users.findByEmail(attempt.email);
    const matches = await this.hasher.verify(input.password, user?.passwordHash ?? null);
    if (!user || !matches) {
      await this.throttle.recordFailure(attempt);
      throw new UnauthenticatedError('Email or password is incorrect.', 'invalid_credentials');
    }
    if (user.disabled) throw new ForbiddenError('This account is disabled.', 'account_disabled');
    await this.throttle.recordSuccess(attempt);

    const now = this.clock.now();
    const current = this.hasher.needsRehash(user.passwordHash) ? await this.rehash(user, input.password, now) : user;
    return issueSession(this.tokens, current, now, now);
  }

  /**
   * Upgrades a weaker hash, best effort: if the account changed while hashing (say, an
   * admin disabled it or changed its role), that change wins, this sign-in goes by it,
   * and the next one upgrades the hash.
   */
  private async rehash(user: User, password: string, now: Date): Promise<User> {
    user.changePasswordHash(await this.hasher.hash(password), now, false);
    if (await this.users.update(user)) return user;
    const latest = await this.users.findById(user.id);
    if (!latest) throw new UnauthenticatedError('Email or password is incorrect.', 'invalid_credentials');
    if (latest.disabled) throw new ForbiddenError('This account is disabled.', 'account_disabled');
    return latest;
  }
}
