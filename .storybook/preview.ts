// Controls and API tables come from the Custom Elements Manifest (`npm run cem`).
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import manifest from '../packages/elements/custom-elements.json' with { type: 'json' };
import { inDisplayMode, type DisplayMode } from '../stories/display-modes.js';

setCustomElementsManifest(manifest);

type ArgTypes = Parameters<Decorator>[1]['argTypes'];
const listeners = new WeakMap<Element, Map<string, EventListener>>();

/** Sets the controls' values on the story's elements of the meta's `component` tag. */
const apply = (root: Element, tag: string, args: Record<string, unknown>, argTypes: ArgTypes) => {
  for (const element of root.querySelectorAll<HTMLElement>(tag)) {
    for (const [key, value] of Object.entries(args)) {
      const argType = argTypes[key];
      const event = (argType?.action as { name?: string } | undefined)?.name ?? (typeof argType?.action === 'string' ? argType.action : undefined);
      if (event && typeof value === 'function') {
        // Actions: log the element's events in the Actions panel, once per element and event.
        const own = listeners.get(element) ?? new Map<string, EventListener>();
        listeners.set(element, own);
        if (own.get(event) !== value) {
          if (own.has(event)) element.removeEventListener(event, own.get(event)!);
          element.addEventListener(event, value as EventListener);
          own.set(event, value as EventListener);
        }
        continue;
      }
      if (value === undefined) continue;
      switch (argType?.table?.category) {
        case 'attributes':
          if (value === false || value === null) element.removeAttribute(key);
          else element.setAttribute(key, value === true ? '' : String(value));
          break;
        case 'properties':
          (element as unknown as Record<string, unknown>)[key] = value;
          break;
        case 'css custom properties':
          element.style.setProperty(key, String(value));
          break;
      }
    }
  }
};

/**
 * The stories render fixed templates; this applies the controls' args on top, so the Controls
 * panel changes attributes, properties and custom properties of the story's element.
 */
const withControls: Decorator = (story, context) => {
  const tag = typeof context.component === 'string' ? context.component : undefined;
  if (!tag) return story();
  return html`<div
    style="display: contents"
    ${ref((wrapper) => {
      if (wrapper) queueMicrotask(() => apply(wrapper, tag, context.args, context.argTypes));
    })}
  >
    ${story()}
  </div>`;
};

/** The toolbar's Theme, Colours and Language around every story (stories/display-modes.ts). */
const withDisplayMode: Decorator = (story, context) => {
  const { theme, scheme, locale } = context.globals as DisplayMode;
  if (!theme && !scheme && (!locale || locale === 'en')) return story();
  return inDisplayMode(story(), { theme, scheme, locale });
};

const preview: Preview = {
  decorators: [withControls, withDisplayMode],
  globalTypes: {
    theme: {
      description: 'An example theme (docs/theming.md)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: '', title: 'Portico default' },
          { value: 'harbor', title: 'Harbor' },
          { value: 'ledger', title: 'Ledger' },
        ],
        dynamicTitle: true,
      },
    },
    scheme: {
      description: 'Colour scheme (--portico-color-scheme)',
      toolbar: {
        title: 'Colours',
        icon: 'contrast',
        items: [
          { value: '', title: 'As the page' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Language of the page (lang); Arabic is right to left',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'de', title: 'Deutsch' },
          { value: 'fr', title: 'Français' },
          { value: 'es', title: 'Español' },
          { value: 'ja', title: '日本語' },
          { value: 'ar', title: 'العربية (RTL)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: '', scheme: '', locale: 'en' },
  parameters: {
    controls: { expanded: true },
  },
  tags: ['autodocs'],
};

export default preview;
