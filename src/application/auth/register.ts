import { normaliseEmail } from '../../domain/user/email.js';
import { User } from '../../domain/user/user.js';
import { ConflictError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { TokenIssuer } from '../ports/token-issuer.js';
import { DuplicateEmailError, type UserRepository } from '../ports/user-repository.js';
import { issueSession, type AuthSession } from './auth-session.js';
import { assertAcceptablePassword } from './password-rules.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
}

/** Self-service sign-up. The role is always customer, whatever the client sends. */
export class Register {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(input: RegisterInput): Promise<AuthSession> {
    assertAcceptablePassword(input.password);
    const now = this.clock.now();
    const user = User.create({
      id: this.ids.newId(),
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      role: 'customer',
      passwordHash: await this.hasher.hash(input.password),
      createdAt: now,
    });
    await insertUnique(this.users, user);
    return issueSession(this.tokens, user, now, now);
  }
}

export async function insertUnique(users: UserRepository, user: User): Promise<void> {
  try {
    await users.insert(user);
  } catch (err) {
    if (err instanceof DuplicateEmailError) throw new ConflictError('An account with this email already exists.', 'email_taken');
    throw err;
  }
}
