import { defineConfig } from 'vite';

export default defineConfig({
  // `npm run dev` next to `npm start` in the Portico repository, whose reference server is on 8787.
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
