import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { LoginThrottle } from '../ports/login-throttle.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { TokenIssuer } from '../ports/token-issuer.js';
import type { UserRepository } from '../ports/user-repository.js';
import { CreateUser } from '../users/create-user.js';
import { ListUsers } from '../users/list-users.js';
import { SeedDemoAccounts } from '../users/seed-demo-accounts.js';
import { UpdateUser } from '../users/update-user.js';
import { AuthenticateToken } from './authenticate-token.js';
import { ChangePassword } from './change-password.js';
import { GetCurrentUser } from './get-current-user.js';
import { Login } from './login.js';
import { RefreshToken } from './refresh-token.js';
import { Register } from './register.js';
import { RevokeAllTokens } from './revoke-all-tokens.js';

export interface AccountPorts {
  users: UserRepository;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  throttle: LoginThrottle;
  clock: Clock;
  ids: IdGenerator;
}

/** Every account use case, built from the ports; the composition root decides the adapters. */
export function accountUseCases(p: AccountPorts, maxSessionAgeSeconds: number) {
  return {
    register: new Register(p.users, p.hasher, p.tokens, p.clock, p.ids),
    login: new Login(p.users, p.hasher, p.tokens, p.throttle, p.clock),
    authenticateToken: new AuthenticateToken(p.tokens, p.users),
    getCurrentUser: new GetCurrentUser(p.users),
    refreshToken: new RefreshToken(p.users, p.tokens, p.clock, maxSessionAgeSeconds),
    changePassword: new ChangePassword(p.users, p.hasher, p.tokens, p.throttle, p.clock),
    revokeAllTokens: new RevokeAllTokens(p.users, p.clock),
    listUsers: new ListUsers(p.users),
    createUser: new CreateUser(p.users, p.hasher, p.clock, p.ids),
    updateUser: new UpdateUser(p.users, p.clock),
    seedDemoAccounts: new SeedDemoAccounts(p.users, p.hasher, p.clock, p.ids),
  };
}

export type AccountUseCases = ReturnType<typeof accountUseCases>;
