// The display modes Storybook's toolbar offers for every story (.storybook/preview.ts), and the
// test that checks each element in each of them (test/browser/display-modes.test.ts): the two
// example themes, the colour scheme and the language (Arabic for right to left).
import { html, type TemplateResult } from 'lit';

// Two portals, the same elements: each theme is custom properties and ::part() rules on a
// wrapping class, nothing else (docs/theming.md). The demo adds these same rules to its page and
// puts the class on <body> (demo/main.ts); test/theming.test.ts checks it keeps no copy. Every colour
// is a light-dark() pair, each text pair at least 4.5:1 in both schemes (the display-modes test
// runs axe on both); the scheme itself is the page's or --portico-color-scheme, not the theme's.

export const harbor = `
  .theme-harbor {
    --portico-font-family: system-ui, 'Segoe UI', sans-serif;
    --portico-color-text: light-dark(#12302e, #d5f0ec);
    --portico-color-text-muted: light-dark(#3f5f5c, #9cc5bf);
    --portico-color-background: light-dark(transparent, #0f2624);
    --portico-color-surface: light-dark(#ffffff, #0f2624);
    --portico-color-surface-raised: light-dark(#f0fdfa, #14302d);
    --portico-color-surface-hover: light-dark(#e6f7f4, #1b3b37);
    --portico-color-border: light-dark(#b8dcd6, #2f5550);
    --portico-color-border-strong: light-dark(#5b7f7a, #7fa9a3);
    --portico-color-accent: light-dark(#0f766e, #5eead4);
    --portico-color-accent-hover: light-dark(#115e59, #99f6e4);
    --portico-color-on-accent: light-dark(#ffffff, #042f2e);
    --portico-color-selected: light-dark(#ccfbf1, #134e4a);
    --portico-color-focus: light-dark(#0d9488, #2dd4bf);
    --portico-color-link: light-dark(#0f766e, #5eead4);
    --portico-radius: 0.75rem;
    --portico-space-s: 0.625rem;
    --portico-space-m: 1rem;
    --portico-space-l: 1.75rem;
    --portico-control-size: 2.5rem;
    --portico-control-padding-block: 0.5rem;
    --contact-manager-gap: 1.5rem;
    --contact-manager-title-size: 1.75rem;
    --contact-list-row-padding: 0.75rem 1rem;
  }
  .theme-harbor contact-manager::part(heading) {
    font-weight: 600;
    letter-spacing: -0.01em;
  }
  .theme-harbor contact-manager::part(new-button) {
    border-radius: 999px;
    padding-inline: 1.25rem;
  }
`;

export const ledger = `
  .theme-ledger {
    --portico-font-family: 'Helvetica Neue', Arial, sans-serif;
    --portico-font-size: 0.9375rem;
    --portico-color-text: light-dark(#111827, #e5e7eb);
    --portico-color-text-muted: light-dark(#374151, #b6bfcc);
    --portico-color-background: light-dark(transparent, #111827);
    --portico-color-surface: light-dark(#ffffff, #111827);
    --portico-color-surface-raised: light-dark(#eef1f6, #1c2433);
    --portico-color-surface-hover: light-dark(#e4e9f1, #253047);
    --portico-color-border: light-dark(#c3cad6, #3a4556);
    --portico-color-border-strong: light-dark(#4a5568, #94a3b8);
    --portico-color-accent: light-dark(#1e3a5f, #93c5fd);
    --portico-color-accent-hover: light-dark(#0f2240, #bfdbfe);
    --portico-color-on-accent: light-dark(#ffffff, #0b1b33);
    --portico-color-selected: light-dark(#dbe4f0, #1e3a5f);
    --portico-color-focus: light-dark(#1e3a8a, #93c5fd);
    --portico-color-link: light-dark(#1e3a8a, #93c5fd);
    --portico-radius: 0;
    --portico-space-s: 0.25rem;
    --portico-space-m: 0.5rem;
    --portico-space-l: 0.75rem;
    --portico-control-size: 1.75rem;
    --portico-control-padding-block: 0.125rem;
    --contact-manager-gap: 0.5rem;
    --contact-manager-title-size: 1.375rem;
    --contact-list-row-padding: 0.25rem 0.5rem;
  }
  .theme-ledger contact-manager::part(heading) {
    font-family: Georgia, 'Times New Roman', serif;
    font-weight: 400;
  }
  .theme-ledger contact-manager::part(header) {
    border-block-end: 2px solid light-dark(#1e3a5f, #93c5fd);
  }
  .theme-ledger contact-manager::part(list-table) {
    border: 1px solid light-dark(#c3cad6, #3a4556);
  }
`;

export const exampleThemes = { harbor, ledger };
export type ExampleTheme = keyof typeof exampleThemes;

/** A <style> element as a node: Lit does not bind expressions inside <style> in a template. */
export const styleElement = (css: string) => Object.assign(document.createElement('style'), { textContent: css });

export interface DisplayMode {
  /** An example theme, or none for Portico's own look. */
  theme?: ExampleTheme | '';
  /** `light` or `dark` for the elements (`--portico-color-scheme`); none follows the page. */
  scheme?: 'light' | 'dark' | '';
  /** The language of the wrapper (`lang`), `ar` also right to left. */
  locale?: string;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** Wraps a story in a theme class, a colour scheme and a language, as a host page would. */
export const inDisplayMode = (story: unknown, { theme = '', scheme = '', locale = '' }: DisplayMode): TemplateResult => {
  const language = locale.split('-')[0] ?? '';
  const style = scheme
    ? `--portico-color-scheme: ${scheme}; color-scheme: ${scheme}; background: Canvas; color: CanvasText; padding: 1rem`
    : '';
  return html`<div
    class=${theme ? `theme-${theme}` : ''}
    lang=${locale || 'en'}
    dir=${RTL.has(language) ? 'rtl' : 'ltr'}
    style=${style}
  >
    ${theme ? styleElement(exampleThemes[theme]) : ''} ${story}
  </div>`;
};
