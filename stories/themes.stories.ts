import { html } from 'lit';
import { demoClient } from './clients.js';
import '@portico/elements/define';
import { exampleThemes, styleElement, type ExampleTheme } from './display-modes.js';

// Two portals, the same elements: the themes' CSS is in stories/display-modes.ts, from where the
// Theme toolbar of every story takes it too (docs/theming.md).

const themed = (theme: ExampleTheme, scheme?: 'dark') =>
  html`<div class="theme-${theme}" style=${scheme ? `--portico-color-scheme: ${scheme}` : ''}>
    ${styleElement(exampleThemes[theme])}
    <contact-manager .client=${demoClient({ viewer: 'customer_admin' })}></contact-manager>
  </div>`;

export default {
  title: 'Theming/Example themes',
  component: 'contact-manager',
  args: { routing: '' },
  render: () => themed('harbor'),
};

/** "Harbor": rounded, teal and roomy: larger controls and gaps, pill-shaped primary button. */
export const Harbor = {};

/** "Ledger": square, navy and compact, with a serif page heading and a ruled header. */
export const Ledger = {
  render: () => themed('ledger'),
};

/** Harbor in dark: each theme colour is a light-dark() pair. */
export const HarborDark = {
  render: () => themed('harbor', 'dark'),
};

/** Ledger in dark. */
export const LedgerDark = {
  render: () => themed('ledger', 'dark'),
};
