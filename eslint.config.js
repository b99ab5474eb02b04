// Lint: typescript-eslint, Lit and web-component rules, and the layer rule of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

/** Which packages a layer may import: core <- adapters, core <- elements, core <- server. */
const forbid = (...patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map((group) => ({
        group: [group],
        message: 'This import crosses a layer boundary (see docs/architecture.md): core <- adapters, core <- elements, core <- server.',
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: ['packages/*/dist/**', '**/node_modules/**', 'storybook-static/**', '.portico-data/**', '.test-results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['packages/elements/**/*.ts', 'stories/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      ...forbid('@portico/*', 'lit', 'lit/*', '@lit/*', 'ky', 'hono', 'hono/*', '@hono/*', '@electric-sql/*', 'pg', 'node:*'),
      'no-restricted-globals': ['error', 'window', 'document', 'fetch', 'localStorage', 'sessionStorage', 'HTMLElement', 'customElements', 'XMLHttpRequest'],
    },
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ignores: ['packages/elements/src/**/*.test.ts'],
    rules: forbid('@portico/client-*', '@portico/server', '@portico/server/*', 'ky', 'hono', 'hono/*', '@electric-sql/*', 'pg', 'node:*'),
  },
  {
    // `@portico/export` is an optional peer: a host passes its writers in (`exportWriters`), so an
    // adapter never imports it and installing one does not install pdfkit, exceljs and the fonts.
    files: ['packages/client-*/src/**/*.ts'],
    rules: forbid('@portico/elements', '@portico/elements/*', '@portico/server', '@portico/server/*', '@portico/export', '@portico/export/*', 'lit', 'lit/*', 'hono', 'hono/*', '@electric-sql/*', 'pg'),
  },
  {
    // The contract suite tests any adapter through the interface alone (ADR 0004).
    files: ['packages/adapter-kit/src/**/*.ts'],
    ignores: ['packages/adapter-kit/src/transport.ts'],
    rules: forbid('@portico/client-*', '@portico/elements', '@portico/elements/*', '@portico/server', '@portico/server/*', 'lit', 'lit/*', '@lit/*', 'ky', 'hono', 'hono/*', '@electric-sql/*', 'pg'),
  },
  {
    // The adapters' HTTP transport runs in the browser: ky and core, no Node module.
    files: ['packages/adapter-kit/src/transport.ts'],
    rules: forbid('@portico/client-*', '@portico/elements', '@portico/elements/*', '@portico/server', '@portico/server/*', '@portico/export', '@portico/export/*', 'lit', 'lit/*', '@lit/*', 'hono', 'hono/*', '@electric-sql/*', 'pg', 'node:*'),
  },
  {
    // The export writers (ADR 0005): core only, so both the server and the adapters may use them.
    files: ['packages/export/src/**/*.ts'],
    rules: forbid('@portico/client-*', '@portico/elements', '@portico/elements/*', '@portico/server', '@portico/server/*', '@portico/adapter-kit', 'lit', 'lit/*', '@lit/*', 'ky', 'hono', 'hono/*', '@electric-sql/*', 'pg'),
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: forbid('@portico/elements', '@portico/elements/*', '@portico/client-*', 'lit', 'lit/*', '@lit/*', 'ky'),
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', '*.config.{js,mjs,ts}', 'packages/server/src/cli.ts', 'test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read loosely typed JSON answers and narrow them with assertions; chai's
    // `expect(x).to.be.true` is an expression statement by design.
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts', 'packages/*/src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
