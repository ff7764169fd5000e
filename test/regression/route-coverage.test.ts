import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicRoute } from '../../src/adapters/http/route.js';
import { COLLECTION_PATH, renderCollection } from '../../postman/build.js';
import { buildInMemoryApp } from '../support/in-memory-app.js';
import { uncoveredRoutes } from '../support/route-coverage.js';
import { TOKENS } from '../../src/tokens.js';

const committed = JSON.parse(readFileSync(COLLECTION_PATH, 'utf8'));

describe('regression coverage of every route', () => {
  it('the committed collection is the one postman/folders generates (run npm run postman:build)', () => {
    expect(readFileSync(COLLECTION_PATH, 'utf8')).toBe(renderCollection());
  });

  it('every route in the router has a Postman request and an OpenAPI path', () => {
    const { http } = buildInMemoryApp();
    expect(http.router.stack.length).toBeGreaterThan(1);
    expect(uncoveredRoutes(http.router, committed, http.openApiDocument)).toEqual([]);
  });

  it('notices a request deleted from the collection', () => {
    const { http } = buildInMemoryApp();
    const pruned = structuredClone(committed);
    const operations = pruned.item.find((f: { name: string }) => f.name === 'Operations');
    operations.item = operations.item.filter((i: { request: { url: { raw: string } } }) => !i.request.url.raw.endsWith('/api/openapi.json'));
    expect(uncoveredRoutes(http.router, pruned, http.openApiDocument)).toEqual([
      'GET /api/openapi.json: no request in the Postman collection',
    ]);
  });

  it('notices a route added without a request', () => {
    const extra = publicRoute({
      method: 'post', path: '/api/things/:id/poke', summary: 'x', tags: ['x'],
      responses: { 204: { description: 'poked' } }, handler: async () => ({ status: 204 }),
    });
    const { http } = buildInMemoryApp({}, (c) => {
      const routes = c.get<unknown[]>(TOKENS.Routes);
      routes.push(extra);
    });
    expect(uncoveredRoutes(http.router, committed, http.openApiDocument)).toEqual([
      'POST /api/things/:id/poke: no request in the Postman collection',
    ]);
  });
});
