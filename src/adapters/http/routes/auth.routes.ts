import { z } from 'zod';
import type { ChangePassword } from '../../../application/auth/change-password.js';
import type { GetCurrentUser } from '../../../application/auth/get-current-user.js';
import type { Login } from '../../../application/auth/login.js';
import type { RefreshToken } from '../../../application/auth/refresh-token.js';
import type { Register } from '../../../application/auth/register.js';
import type { RevokeAllTokens } from '../../../application/auth/revoke-all-tokens.js';
import type { VerifiedToken } from '../../../application/ports/token-issuer.js';
import { tokenResponse, userDto } from '../presenters.js';
import { protectedRoute, publicRoute, type RouteSpec } from '../route.js';
import { email, loginEmail, password, text, tokenResponseSchema, userSchema } from '../schemas.js';

export interface AuthUseCases {
  register: Register;
  login: Login;
  getCurrentUser: GetCurrentUser;
  refreshToken: RefreshToken;
  changePassword: ChangePassword;
  revokeAllTokens: RevokeAllTokens;
}

const tags = ['Auth'];
const tokenOk = (description: string) => ({ description, schema: tokenResponseSchema });

export function authRoutes(uc: AuthUseCases): RouteSpec[] {
  return [
    publicRoute({
      method: 'post', path: '/api/auth/register', summary: 'Create a customer account and sign in', tags,
      body: z.strictObject({ email, password, name: text(1, 100) }),
      responses: { 201: tokenOk('Registered; role is always customer.'), 409: { description: '`email_taken`' } },
      handler: async ({ body }) => ({ status: 201, body: tokenResponse(await uc.register.execute(body)) }),
    }),
    publicRoute({
      method: 'post', path: '/api/auth/email-login', summary: 'Sign in with email and password', tags,
      body: z.strictObject({ email: loginEmail, password }),
      responses: {
        200: tokenOk('Signed in.'),
        401: { description: '`invalid_credentials` (unknown email or wrong password alike)' },
        403: { description: '`account_disabled` (only after a correct password)' },
        429: { description: '`rate_limited`, with Retry-After' },
        503: { description: '`unavailable`: too many sign-ins at once, with Retry-After' },
      },
      handler: async ({ body, ctx }) => ({ status: 200, body: tokenResponse(await uc.login.execute({ ...body, ip: ctx.ip })) }),
    }),
    protectedRoute({
      method: 'get', path: '/api/auth/me', summary: 'The signed-in user', tags,
      responses: { 200: { description: 'The user.', schema: z.object({ user: userSchema }) } },
      handler: async ({ principal }) => ({ status: 200, body: { user: userDto(await uc.getCurrentUser.execute(principal.userId)) } }),
    }),
    protectedRoute({
      method: 'post', path: '/api/auth/refresh', summary: 'A fresh token for an active session', tags,
      responses: { 200: tokenOk('Renewed; refused (401) past the maximum session age.') },
      handler: async ({ principal, ctx }) => {
        const token = ctx.state.token as VerifiedToken;
        const session = await uc.refreshToken.execute({ userId: principal.userId, authTime: token.authTime });
        return { status: 200, body: tokenResponse(session) };
      },
    }),
    protectedRoute({
      method: 'put', path: '/api/auth/password', summary: 'Change the password; every older token stops working', tags,
      body: z.strictObject({ currentPassword: password, newPassword: password }),
      responses: { 200: tokenOk('Changed; here is a token for this session.'), 429: { description: '`rate_limited`' } },
      handler: async ({ principal, body, ctx }) => ({
        status: 200,
        body: tokenResponse(await uc.changePassword.execute({ userId: principal.userId, ...body, ip: ctx.ip })),
      }),
    }),
    protectedRoute({
      method: 'post', path: '/api/auth/revoke-all', summary: 'Sign out everywhere', tags,
      responses: { 204: { description: 'Every token issued until now stops working.' } },
      handler: async ({ principal }) => {
        await uc.revokeAllTokens.execute(principal.userId);
        return { status: 204 };
      },
    }),
  ];
}

const jwkSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export function jwksRoute(jwks: () => unknown): RouteSpec {
  return publicRoute({
    method: 'get', path: '/.well-known/jwks.json', summary: 'Public keys that verify access tokens', tags,
    responses: { 200: { description: 'JWK Set (empty with HS256).', schema: jwkSchema } },
    handler: async () => ({ status: 200, body: jwks(), headers: { 'Cache-Control': 'public, max-age=300' } }),
  });
}
