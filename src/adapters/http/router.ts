import Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../application/errors.js';
import type { Principal } from '../../application/principal.js';
import { notFound } from './http-error.js';
import { readJsonBody } from './json-body.js';
import type { RouteSpec } from './route.js';

/** Turns the bearer header of a request into a principal, or throws. */
export type Authenticator = (ctx: Context) => Promise<Principal>;

const noAuthenticator: Authenticator = async () => {
  throw new UnauthenticatedError('Authentication is required.');
};

function issuesToDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, what: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(`The ${what} is invalid.`, issuesToDetails(result.error));
}

async function authorize(route: RouteSpec, ctx: Context, authenticate: Authenticator) {
  if (route.access.kind === 'public') return undefined;
  const principal = await authenticate(ctx);
  ctx.state.principal = principal;
  const roles = route.access.roles;
  if (roles && !roles.includes(principal.role)) throw new ForbiddenError('Your role may not do this.');
  return principal;
}

function handle(route: RouteSpec, authenticate: Authenticator) {
  return async (ctx: Context) => {
    const principal = await authorize(route, ctx, authenticate);
    // A path id that is not even well-formed cannot name anything the caller may see.
    const params = route.params?.safeParse(ctx.params);
    if (params && !params.success) throw notFound();
    const rawBody = route.body ? await readJsonBody(ctx) : undefined;
    const query = route.query ? validate(route.query, { ...ctx.query }, 'query string') : undefined;
    const body = validate(route.body, rawBody, 'request body');
    const result = await route.handler({ params: params?.data, query, body, principal, ctx });
    if (!result) return;
    for (const [name, value] of Object.entries(result.headers ?? {})) ctx.set(name, value);
    ctx.status = result.status;
    if (result.body !== undefined) setBody(ctx, result.body);
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * An object or array goes out as the JSON Koa would send, serialised here with its media
 * type already set, which spares Koa a MIME lookup and a type parse on every response.
 */
function setBody(ctx: Context, body: unknown) {
  if (body === null || typeof body !== 'object' || ctx.res.hasHeader('Content-Type')) {
    ctx.body = body;
    return;
  }
  ctx.set('Content-Type', JSON_TYPE);
  ctx.body = JSON.stringify(body);
}

export function buildRouter(routes: readonly RouteSpec[], authenticate: Authenticator = noAuthenticator): Router {
  const router = new Router();
  for (const route of routes) router[route.method](route.path, handle(route, authenticate));
  return router;
}
