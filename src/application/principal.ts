import type { Role } from '../domain/user/role.js';

/** Who is calling: the authenticated user as the core sees them (role read from the database). */
export interface Principal {
  userId: string;
  name: string;
  email: string;
  role: Role;
}
