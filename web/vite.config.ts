// Vite build for the OneMission web client. The C++ server serves dist/ at "/".
// `npm run dev` proxies the API and /data to a running server (ONEMISSION_URL, default :18080).
import { defineConfig } from 'vite';

const backend = process.env.ONEMISSION_URL ?? 'http://localhost:18080';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': backend,
      '/data': backend,
      '/healthz': backend,
    },
  },
});
