import { z } from 'zod';
import type { ResponseSpec, RouteSpec } from './route.js';

/** The error envelope of API.md, as a schema so the document states it too. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  }),
});

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function response(spec: ResponseSpec) {
  const out: Record<string, unknown> = { description: spec.description };
  if (spec.schema) out.content = { [spec.contentType ?? 'application/json']: { schema: jsonSchema(spec.schema, 'output') } };
  else if (spec.contentType) out.content = { [spec.contentType]: {} };
  if (spec.headers) {
    out.headers = Object.fromEntries(
      Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
    );
  }
  return out;
}

function operation(route: RouteSpec) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = response(spec);
  const addError = (status: number, description: string) => {
    responses[status] ??= errorResponse(description);
  };
  if (route.body) addError(400, 'Unparsable JSON body (`invalid_json`).');
  if (route.access.kind === 'authenticated') addError(401, 'Missing or invalid bearer token.');
  if (route.access.kind === 'authenticated' && route.access.roles) addError(403, 'The role may not do this.');
  if (route.params) addError(404, 'Unknown resource, or one the caller may not see.');
  if (route.body) addError(413, 'Body over 100 KiB.');
  if (route.body) addError(415, 'Body is not application/json.');
  if (route.body || route.query) addError(422, 'Input breaks the schema (`validation_failed`, with details).');
  addError(500, 'A bug (`internal`); no internals in the body.');
  const op: Record<string, unknown> = {
    summary: route.summary,
    tags: route.tags,
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    responses,
    security: route.access.kind === 'public' ? [] : [{ bearerAuth: [] }],
  };
  if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
  return op;
}

/** `/api/orders/:id` → `/api/orders/{id}` */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The OpenAPI 3.1 document, generated from the same route definitions the router mounts. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Orderly API',
      version,
      description: 'Order desk: orders, their lifecycle, per-order chat and live events. See docs/API.md.',
    },
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(errorEnvelopeSchema, 'output') },
    },
  };
}
