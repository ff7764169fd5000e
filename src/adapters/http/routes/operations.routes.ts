import { z } from 'zod';
import type { CheckHealth } from '../../../application/operations/check-health.js';
import { errorEnvelopeSchema } from '../openapi.js';
import { publicRoute, type RouteSpec } from '../route.js';

const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['ok', 'down']) });
const unhealthySchema = healthSchema.extend({ error: errorEnvelopeSchema.shape.error });

export function healthRoute(checkHealth: CheckHealth): RouteSpec {
  return publicRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness and database reachability',
    tags: ['Operations'],
    responses: {
      200: { description: 'Up, database reachable.', schema: healthSchema },
      503: { description: 'Up, database unreachable (`db: "down"`, with the error envelope).', schema: unhealthySchema },
    },
    handler: async ({ ctx }) => {
      const report = await checkHealth.execute();
      if (report.db === 'ok') return { status: 200, body: report };
      // Still a non-2xx, so it carries the error envelope beside the report.
      const error = { code: 'unavailable', message: 'The database is unreachable.', requestId: ctx.state.requestId };
      return { status: 503, body: { ...report, error }, headers: { 'Retry-After': '5' } };
    },
  });
}

export function openApiRoute(document: () => unknown): RouteSpec {
  return publicRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tags: ['Operations'],
    responses: { 200: { description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) } },
    handler: async () => ({ status: 200, body: document(), headers: { 'Cache-Control': 'no-cache' } }),
  });
}
