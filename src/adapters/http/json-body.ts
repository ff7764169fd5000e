import { parse as parseContentType, type ParsedMediaType } from 'content-type';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { HttpError } from './http-error.js';

export const BODY_LIMIT_BYTES = 100 * 1024;

function hasBody(ctx: Context): boolean {
  return ctx.get('Transfer-Encoding') !== '' || Number(ctx.get('Content-Length') || 0) > 0;
}

function assertJsonContentType(ctx: Context): void {
  const unsupported = new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  let parsed: ParsedMediaType;
  try {
    parsed = parseContentType(ctx.get('Content-Type'));
  } catch {
    throw unsupported;
  }
  const charset = (parsed.parameters.charset ?? 'utf-8').toLowerCase();
  if (parsed.type !== 'application/json' || (charset !== 'utf-8' && charset !== 'utf8')) throw unsupported;
}

async function readText(ctx: Context): Promise<string> {
  try {
    return await getRawBody(ctx.req, {
      length: ctx.get('Content-Length') || undefined,
      limit: BODY_LIMIT_BYTES,
      encoding: 'utf-8',
    });
  } catch (err) {
    // raw-body stops reading (and pauses the request) mid-body: the rest of it is still on the connection,
    // where it would stall the next request on a keep-alive connection. Close it after this answer.
    const close = { Connection: 'close' };
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      throw new HttpError(413, 'payload_too_large', `The body must be at most ${BODY_LIMIT_BYTES} bytes.`, undefined, close);
    }
    throw new HttpError(400, 'bad_request', 'The request body could not be read.', undefined, close);
  }
}

/** A lone UTF-16 surrogate: JSON text may spell one (`"\ud800"`), UTF-8 and PostgreSQL cannot hold one. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The path of a string (value or key) that is not well-formed Unicode, or
 * undefined. Iterative, so a body nested 50 000 levels deep cannot overflow the stack.
 */
export function illFormedStringPath(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return path;
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (LONE_SURROGATE.test(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/**
 * Reads a JSON request body: 415 for another media type, 413 past the limit, 400
 * `invalid_json` when it does not parse, 422 when a string in it is not well-formed
 * Unicode (it could be neither stored nor echoed faithfully). No body at all yields
 * undefined, which the route's schema then judges.
 */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  if (!hasBody(ctx)) return undefined;
  assertJsonContentType(ctx);
  const text = await readText(ctx);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const illFormed = illFormedStringPath(value);
  if (illFormed !== undefined) {
    throw new HttpError(422, 'validation_failed', 'The request body is invalid.', [
      { path: illFormed, message: 'must be valid Unicode text (no lone surrogates)' },
    ]);
  }
  return value;
}
