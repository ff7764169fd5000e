import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Paths resolve from this file, so `vite build --config web/vite.config.ts` works from the repo root.
const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
// `ORDERLY_API=http://localhost:3100 npx vite --config web/vite.config.ts` points the dev proxy elsewhere.
const apiTarget = process.env.ORDERLY_API ?? 'http://localhost:3000';

export default defineConfig({
  root: fromHere('.'),
  plugins: [vue()],
  build: {
    // The Koa server serves dist/web in production.
    outDir: fromHere('../dist/web'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // vue, vue-router, pinia and axios change rarely: one long-cached vendor chunk, named as such.
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/.well-known': apiTarget,
    },
  },
});
