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
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      throw new HttpError(413, 'payload_too_large', `The body must be at most ${BODY_LIMIT_BYTES} bytes.`);
    }
    throw new HttpError(400, 'bad_request', 'The request body could not be read.');
  }
}

/**
 * Reads a JSON request body: 415 for another media type, 413 past the limit, 400
 * `invalid_json` when it does not parse. No body at all yields undefined, which the
 * route's schema then judges.
 */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  if (!hasBody(ctx)) return undefined;
  assertJsonContentType(ctx);
  const text = await readText(ctx);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}
