import { z } from 'zod';
import { ROLES } from '../../domain/user/role.js';

/** Building blocks shared by the route schemas. Every string refuses NUL (SECURITY.md 12). */
export const noNul = (s: string) => !s.includes('\u0000');
export const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, 'must not contain NUL characters');

/** Passwords are checked in bytes by the domain; this only bounds the work. */
export const password = z.string().min(1, 'is required').max(1024, 'is too long');
export const email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be a valid email address'));
/** Sign-in takes any address-shaped string: an unknown one is simply invalid_credentials. */
export const loginEmail = z.string().trim().min(1, 'is required').max(320).refine(noNul, 'must not contain NUL characters');
export const role = z.enum(ROLES);
export const uuidParam = z.object({ id: z.uuid() });
export const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
export const isoDate = z.iso.datetime();

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  createdAt: isoDate,
});
export const adminUserSchema = userSchema.extend({ disabled: z.boolean() });

export const tokenResponseSchema = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: isoDate,
  user: userSchema,
});
