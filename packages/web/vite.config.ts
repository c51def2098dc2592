import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server stands where the production server (server/serve.ts) stands: same origin for the
// app, `/trpc` (HTTP + WebSocket) and `/media`, so cookies and CSP behave the same in both.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3002';

export default defineConfig({
  plugins: [react()],
  css: {
    preprocessorOptions: {
      scss: { loadPaths: [fileURLToPath(new URL('./src/styles', import.meta.url))] },
    },
  },
  server: {
    port: 3000,
    strictPort: true,
    proxy: {
      // xfwd passes the client address on; Origin and Host are left as the browser sent them.
      '/trpc': { target: apiUrl, ws: true, xfwd: true },
      '/media': { target: apiUrl, xfwd: true },
    },
  },
  preview: { port: 3000, strictPort: true },
  build: { sourcemap: true },
});
