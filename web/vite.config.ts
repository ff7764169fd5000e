import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Paths resolve from this file, so `vite build --config web/vite.config.ts` works from the repo root.
const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  root: fromHere('.'),
  plugins: [vue()],
  build: {
    // The Koa server serves dist/web in production.
    outDir: fromHere('../dist/web'),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/.well-known': apiTarget,
    },
  },
});
