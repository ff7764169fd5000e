import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/adapters/http/app.js';
import { SPA_CSP } from '../../src/adapters/http/middleware/spa.js';
import { createLogger } from '../../src/adapters/logging/logger.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'orderly-spa-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Orderly</title>');
writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');
const server = createApp({ routes: [], logger: createLogger('silent'), spaDir: root }).app.callback();

describe('serving the SPA', () => {
  it('serves index.html at / with the strict CSP, revalidated on each load', async () => {
    const res = await request(server).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>Orderly</title>');
    expect(res.headers['content-security-policy']).toBe(SPA_CSP);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await request(server).get('/orders/3f1c8a4e-1b2d-4c3e-9f00-0a1b2c3d4e5f');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('caches hashed assets for a year, immutable', async () => {
    const res = await request(server).get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
  });

  it('serves other files as they are', async () => {
    const res = await request(server).get('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/image\/svg/);
  });

  it('keeps /api answers JSON, never the SPA', async () => {
    const res = await request(server).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('never serves files outside its folder, and survives malformed paths', async () => {
    for (const p of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%zz', '/assets/../../package.json']) {
      const res = await request(server).get(p);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/root:|"name":/);
    }
  });
});
