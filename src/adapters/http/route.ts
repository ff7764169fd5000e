import type { Context } from 'koa';
import type { z } from 'zod';
import type { Principal } from '../../application/principal.js';
import type { Role } from '../../domain/user/role.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Media type when not JSON (e.g. text/event-stream). */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteInput<P, Q, B, Who> {
  params: P;
  query: Q;
  body: B;
  principal: Who;
  ctx: Context;
}

interface RouteFields<P, Q, B, Who> {
  method: HttpMethod;
  /** Koa-style path, e.g. /api/orders/:id */
  path: string;
  summary: string;
  tags: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  responses: Record<number, ResponseSpec>;
  /** Returns the response, or nothing when it wrote ctx itself (streams). */
  handler(input: RouteInput<P, Q, B, Who>): Promise<HandlerResult | void>;
}

export type Access = { kind: 'public' } | { kind: 'authenticated'; roles?: readonly Role[] };

/** A route as the router and the OpenAPI generator see it: one definition feeds both. */
export interface RouteSpec extends RouteFields<unknown, unknown, unknown, Principal | undefined> {
  access: Access;
}

/** A route anyone may call. Routes are protected unless declared through this. */
export function publicRoute<P = undefined, Q = undefined, B = undefined>(
  fields: RouteFields<P, Q, B, undefined>,
): RouteSpec {
  return { ...(fields as unknown as RouteFields<unknown, unknown, unknown, Principal | undefined>), access: { kind: 'public' } };
}

/** A route that needs a valid bearer token, and one of `roles` when given. */
export function protectedRoute<P = undefined, Q = undefined, B = undefined>(
  fields: RouteFields<P, Q, B, Principal> & { roles?: readonly Role[] },
): RouteSpec {
  const { roles, ...rest } = fields;
  const access: Access = roles ? { kind: 'authenticated', roles } : { kind: 'authenticated' };
  return { ...(rest as unknown as RouteFields<unknown, unknown, unknown, Principal | undefined>), access };
}
