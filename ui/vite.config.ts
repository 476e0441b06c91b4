// The UI's build: hashed assets under /assets/ (the server caches them for a year), everything
// else served by the SPA fallback. `npm run dev` proxies the API to a server on 127.0.0.1:8080.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // The 300 KB gzipped budget is checked by scripts/compress.mjs.
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 2048 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
