// Storybook 10 for the elements: stories in stories/, the packages' TypeScript sources through
// the `source` export condition (ADR 0003), as the demo server does.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  // No onboarding checklist in the sidebar or the menu: this Storybook documents a library, it is not a new project.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      // One copy of Lit for the stories, the elements and Storybook's renderer (otherwise Lit warns
      // that several versions are loaded).
      resolve: { conditions: ['source', ...defaultClientConditions], dedupe: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'] },
      // Storybook's own preview runtime is one ~1 MB chunk; ours are far below the default limit.
      build: { chunkSizeWarningLimit: 1200 },
    }),
};

export default config;
