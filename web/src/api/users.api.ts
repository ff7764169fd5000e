import { http, type RequestOptions } from './http';
import type { AdminUser, Page, Role } from './types';

export interface UserQuery {
  cursor?: string;
  limit?: number;
  role?: Role;
  q?: string;
}

export interface CreateUserInput {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export type UserPatch = Partial<{ name: string; role: Role; disabled: boolean }>;

/** Admin only (API.md "Users"). */
export const usersApi = {
  async list(query: UserQuery = {}, opts: RequestOptions = {}): Promise<Page<AdminUser>> {
    return (await http.get<Page<AdminUser>>('/api/users', { ...opts, params: query })).data;
  },
  async create(input: CreateUserInput, opts: RequestOptions = {}): Promise<AdminUser> {
    return (await http.post<AdminUser>('/api/users', input, opts)).data;
  },
  async update(id: string, patch: UserPatch, opts: RequestOptions = {}): Promise<AdminUser> {
    return (await http.patch<AdminUser>(`/api/users/${encodeURIComponent(id)}`, patch, opts)).data;
  },
};
