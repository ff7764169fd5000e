/**
 * Prints the initial JavaScript of the built SPA (what index.html loads before any
 * route's own chunk) in gzip bytes, against the 100 KB budget. Run after `vite build`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 100;
const dist = fileURLToPath(new URL('../dist/web/', import.meta.url));
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
const sizes = initial.map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length }));
const totalKb = sizes.reduce((sum, s) => sum + s.gzip, 0) / 1024;
for (const s of sizes) console.log(`  ${s.file.padEnd(40)} ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
console.log(`initial JavaScript: ${totalKb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB) ${totalKb <= BUDGET_KB ? 'within budget' : 'OVER BUDGET'}`);
process.exit(totalKb <= BUDGET_KB ? 0 : 1);
