import { z } from 'zod';
import type { CreateUser } from '../../../application/users/create-user.js';
import type { ListUsers } from '../../../application/users/list-users.js';
import type { UpdateUser } from '../../../application/users/update-user.js';
import { adminUserDto } from '../presenters.js';
import { protectedRoute, type RouteSpec } from '../route.js';
import { adminUserSchema, email, limit, password, role, text, uuidParam } from '../schemas.js';

export interface UserAdminUseCases {
  listUsers: ListUsers;
  createUser: CreateUser;
  updateUser: UpdateUser;
}

const tags = ['Users'];
const roles = ['admin'] as const;

export function userRoutes(uc: UserAdminUseCases): RouteSpec[] {
  return [
    protectedRoute({
      method: 'get', path: '/api/users', summary: 'List users (admin)', tags, roles,
      query: z.strictObject({ cursor: z.string().max(200).optional(), limit: limit(100, 20), role: role.optional(), q: text(1, 100).optional() }),
      responses: { 200: { description: 'A page of users, newest first.', schema: z.object({ items: z.array(adminUserSchema), nextCursor: z.string().nullable() }) } },
      handler: async ({ principal, query }) => {
        const page = await uc.listUsers.execute(principal, query);
        return { status: 200, body: { items: page.items.map(adminUserDto), nextCursor: page.nextCursor } };
      },
    }),
    protectedRoute({
      method: 'post', path: '/api/users', summary: 'Create a user of any role (admin)', tags, roles,
      body: z.strictObject({ email, password, name: text(1, 100), role }),
      responses: { 201: { description: 'Created.', schema: adminUserSchema }, 409: { description: '`email_taken`' } },
      handler: async ({ principal, body }) => ({ status: 201, body: adminUserDto(await uc.createUser.execute(principal, body)) }),
    }),
    protectedRoute({
      method: 'patch', path: '/api/users/:id', summary: 'Rename, change role, disable or enable (admin)', tags, roles,
      params: uuidParam,
      body: z
        .strictObject({ name: text(1, 100).optional(), role: role.optional(), disabled: z.boolean().optional() })
        .refine((b) => Object.keys(b).length > 0, 'must change at least one of name, role, disabled'),
      responses: {
        200: { description: 'Updated; disabling or a role change revokes that user\'s tokens.', schema: adminUserSchema },
        409: { description: '`conflict`: an admin cannot disable or demote themself' },
      },
      handler: async ({ principal, params, body }) => ({
        status: 200,
        body: adminUserDto(await uc.updateUser.execute(principal, { userId: params.id, ...body })),
      }),
    }),
  ];
}
