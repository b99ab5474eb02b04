import { defineConfig } from 'vite';

export default defineConfig({
  // The template is a string, compiled at run time: Vue's full build, and the flags it reads.
  resolve: { alias: { vue: 'vue/dist/vue.esm-bundler.js' } },
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  // `npm run dev` next to `npm start` in the Portico repository, whose reference server is on 8787.
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
