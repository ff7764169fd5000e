import { http, type RequestOptions } from './http';
import type { TokenResponse, User } from './types';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
}

export const authApi = {
  async login(email: string, password: string, opts: RequestOptions = {}): Promise<TokenResponse> {
    return (await http.post<TokenResponse>('/api/auth/email-login', { email, password }, opts)).data;
  },
  async register(input: RegisterInput, opts: RequestOptions = {}): Promise<TokenResponse> {
    return (await http.post<TokenResponse>('/api/auth/register', input, opts)).data;
  },
  async me(opts: RequestOptions = {}): Promise<User> {
    return (await http.get<{ user: User }>('/api/auth/me', opts)).data.user;
  },
  async refresh(opts: RequestOptions = {}): Promise<TokenResponse> {
    return (await http.post<TokenResponse>('/api/auth/refresh', undefined, opts)).data;
  },
  async changePassword(currentPassword: string, newPassword: string, opts: RequestOptions = {}): Promise<TokenResponse> {
    return (await http.put<TokenResponse>('/api/auth/password', { currentPassword, newPassword }, opts)).data;
  },
  async revokeAll(opts: RequestOptions = {}): Promise<void> {
    await http.post('/api/auth/revoke-all', undefined, opts);
  },
};
