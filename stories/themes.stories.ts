import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

// Two portals, the same elements: each theme is custom properties and ::part() rules on a
// wrapping class, nothing else (docs/theming.md). demo/portal.css holds the same two themes as
// body classes for the demo's theme switcher; keep them alike. Colours are light ones, each
// text pair at least 4.5:1 (the story test runs axe on both).

const harbor = `
  .theme-harbor {
    --portico-color-scheme: light;
    --portico-font-family: system-ui, 'Segoe UI', sans-serif;
    --portico-color-text: #12302e;
    --portico-color-text-muted: #3f5f5c;
    --portico-color-surface-raised: #f0fdfa;
    --portico-color-surface-hover: #e6f7f4;
    --portico-color-border: #b8dcd6;
    --portico-color-border-strong: #5b7f7a;
    --portico-color-accent: #0f766e;
    --portico-color-accent-hover: #115e59;
    --portico-color-on-accent: #ffffff;
    --portico-color-selected: #ccfbf1;
    --portico-color-focus: #0d9488;
    --portico-color-link: #0f766e;
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

const ledger = `
  .theme-ledger {
    --portico-color-scheme: light;
    --portico-font-family: 'Helvetica Neue', Arial, sans-serif;
    --portico-font-size: 0.9375rem;
    --portico-color-text: #111827;
    --portico-color-text-muted: #374151;
    --portico-color-surface-raised: #eef1f6;
    --portico-color-surface-hover: #e4e9f1;
    --portico-color-border: #c3cad6;
    --portico-color-border-strong: #4a5568;
    --portico-color-accent: #1e3a5f;
    --portico-color-accent-hover: #0f2240;
    --portico-color-on-accent: #ffffff;
    --portico-color-selected: #dbe4f0;
    --portico-color-focus: #1e3a8a;
    --portico-color-link: #1e3a8a;
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
    border-block-end: 2px solid #1e3a5f;
  }
  .theme-ledger contact-manager::part(list-table) {
    border: 1px solid #c3cad6;
  }
`;

/** A <style> element as a node: Lit does not bind expressions inside <style> in a template. */
const styleElement = (css: string) => Object.assign(document.createElement('style'), { textContent: css });

const themed = (theme: 'harbor' | 'ledger', css: string) =>
  html`<div class="theme-${theme}">
    ${styleElement(css)}
    <contact-manager .client=${new MemoryContactsClient({ viewer: 'customer_admin' })}></contact-manager>
  </div>`;

export default {
  title: 'Theming/Example themes',
  component: 'contact-manager',
  render: () => themed('harbor', harbor),
};

/** "Harbor": rounded, teal and roomy: larger controls and gaps, pill-shaped primary button. */
export const Harbor = {};

/** "Ledger": square, navy and compact, with a serif page heading and a ruled header. */
export const Ledger = {
  render: () => themed('ledger', ledger),
};
