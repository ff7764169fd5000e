import type { HttpApp } from '../../src/adapters/http/app.js';
import { toOpenApiPath } from '../../src/adapters/http/openapi.js';
import type { RouteSpec } from '../../src/adapters/http/route.js';
import type { Role } from '../../src/domain/user/role.js';
import type { JsonSchema } from './schema-arbitrary.js';

/** One method of one path the router serves, with what the hostile generators need to know about it. */
export interface HostileRoute {
  /** "PATCH /api/orders/:id/status" */
  name: string;
  method: string;
  /** Koa-style path, as the router holds it. */
  path: string;
  /** Names of the `:params` of the path, in order. */
  params: string[];
  /** Undefined: a public route. An empty list: any signed-in user. */
  roles: readonly Role[] | undefined;
  isPublic: boolean;
  /** The JSON Schema of the body, as the OpenAPI document publishes it. */
  body: JsonSchema | undefined;
  /** The query parameters, as the OpenAPI document publishes them. */
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  /** Routes whose success is an open stream (only refusals are awaited; a 200 is cut off at its headers). */
  streams: boolean;
  spec: RouteSpec | undefined;
}

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/**
 * Every route the router serves (router.stack, the list test/regression/route-coverage.test.ts
 * walks), joined to its definition and its OpenAPI operation: a route added tomorrow is
 * attacked tomorrow, with bodies drawn from its own published schema.
 */
export function hostileRoutes(http: HttpApp): HostileRoute[] {
  const out: HostileRoute[] = [];
  for (const layer of http.router.stack) {
    const path = String(layer.path);
    for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
      const spec = http.routes.find((r) => r.method.toUpperCase() === method && r.path === path);
      const operation = (http.openApiDocument.paths[toOpenApiPath(path)] as Record<string, OpenApiOperation> | undefined)?.[method.toLowerCase()];
      const access = spec?.access ?? { kind: 'authenticated' as const };
      out.push({
        name: `${method} ${path}`,
        method,
        path,
        params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
        roles: access.kind === 'public' ? undefined : (access.roles ?? []),
        isPublic: access.kind === 'public',
        body: operation?.requestBody?.content['application/json']?.schema,
        query: (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema })),
        streams: Object.values(spec?.responses ?? {}).some((r) => r.contentType?.startsWith('text/event-stream')),
        spec,
      });
    }
  }
  return out;
}
