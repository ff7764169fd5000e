import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a sane incoming X-Request-Id (so a proxy's id follows the request), else makes one. */
export function assignRequestId(ctx: Context): void {
  const incoming = ctx.get('X-Request-Id');
  const id = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  ctx.state.requestId = id;
  ctx.set('X-Request-Id', id);
}
