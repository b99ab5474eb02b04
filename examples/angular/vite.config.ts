import { defineConfig } from 'vite';

export default defineConfig({
  // The globals the Angular CLI defines; the template is compiled at run time (JIT).
  define: { ngDevMode: 'false', ngServerMode: 'false', ngJitMode: 'true', ngHmrMode: 'false' },
  // Angular with its compiler is one chunk of about 1 MB before compression.
  build: { chunkSizeWarningLimit: 2000 },
  // `npm run dev` next to `npm start` in the Portico repository, whose reference server is on 8787.
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
