import type Router from '@koa/router';
import { toOpenApiPath } from '../../src/adapters/http/openapi.js';

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: { method: string; url: { raw: string } };
}

export interface CollectedRequest {
  method: string;
  path: string;
}

/** Every request of a Postman collection, with variables replaced by a placeholder segment. */
export function collectionRequests(collection: { item: PostmanItem[] }): CollectedRequest[] {
  const out: CollectedRequest[] = [];
  const walk = (items: PostmanItem[]) => {
    for (const it of items) {
      if (it.item) walk(it.item);
      if (!it.request) continue;
      const path = it.request.url.raw
        .replace('{{baseUrl}}', '')
        .split('?')[0]!
        .replace(/\{\{[^}]+\}\}/g, 'x');
      out.push({ method: it.request.method.toUpperCase(), path });
    }
  };
  walk(collection.item);
  return out;
}

/** Routes registered in the Koa router, as "METHOD /path", that lack a collection request or an OpenAPI path. */
export function uncoveredRoutes(
  router: Router,
  collection: { item: PostmanItem[] },
  openApi: { paths: Record<string, Record<string, unknown>> },
): string[] {
  const requests = collectionRequests(collection);
  const problems: string[] = [];
  for (const layer of router.stack) {
    const path = String(layer.path);
    for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
      const route = `${method} ${path}`;
      if (!requests.some((r) => r.method === method && layer.match(r.path))) problems.push(`${route}: no request in the Postman collection`);
      if (!openApi.paths[toOpenApiPath(path)]?.[method.toLowerCase()]) problems.push(`${route}: no path in the OpenAPI document`);
    }
  }
  return problems;
}
