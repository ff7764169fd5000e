import type { Role } from './role.js';

/** What each role may do beyond its own account. */
export const canManageUsers = (role: Role) => role === 'admin';
export const isStaff = (role: Role) => role === 'staff' || role === 'admin';
