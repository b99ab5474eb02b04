// Controls and API tables come from the Custom Elements Manifest (`npm run cem`).
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { CONTACT_STATUSES, EXPORT_FORMATS, ROLE_CATALOGUE, SORT_FIELDS } from '@portico/core';
import { COLUMN_IDS } from '@portico/elements';
import manifest from '../packages/elements/custom-elements.json' with { type: 'json' };
import { inDisplayMode, type DisplayMode } from '../stories/display-modes.js';

setCustomElementsManifest(manifest);

type ArgTypes = Parameters<Decorator>[1]['argTypes'];
type ArgType = ArgTypes[string];
type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];

interface ManifestMember {
  name: string;
  kind?: string;
  readonly?: boolean;
  privacy?: string;
  static?: boolean;
  description?: string;
  type?: { text?: string };
  default?: string;
}
interface ManifestDeclaration {
  tagName?: string;
  members?: ManifestMember[];
  attributes?: ManifestMember[];
  events?: ManifestMember[];
  slots?: ManifestMember[];
  cssProperties?: ManifestMember[];
  cssParts?: ManifestMember[];
}
const declarations = (manifest as { modules: { declarations?: ManifestDeclaration[] }[] }).modules.flatMap((module) => module.declarations ?? []);

/** The manifest's lists in the order of Storybook's own table: properties, attributes, events, slots, custom properties, parts. */
const SECTIONS = [
  ['members', 'properties'],
  ['attributes', 'attributes'],
  ['events', 'events'],
  ['slots', 'slots'],
  ['cssProperties', 'css custom properties'],
  ['cssParts', 'css shadow parts'],
] as const;

/**
 * The argTypes of a tag from the manifest, as @storybook/web-components makes them, except that a
 * row never replaces another of a different kind: Storybook keys every row by its bare name, so the
 * list's `search` and `status` parts took the place of its `search` and `status` attributes (and the
 * export's `format` part its `format` attribute), which were left without a control. A part, slot,
 * event or custom property whose name is taken gets a key of its own; a property and its attribute
 * of the same name stay one row, the attribute's.
 */
const extractArgTypes = (tag: string): ArgTypes | null => {
  const declaration = declarations.find((candidate) => candidate.tagName === tag);
  if (!declaration) return null;
  const argTypes: ArgTypes = {};
  for (const [list, category] of SECTIONS) {
    for (const item of declaration[list] ?? []) {
      if (!item.name || item.kind === 'method') continue;
      const typeText = item.type?.text;
      const typeName = category === 'attributes' || category === 'properties' ? typeText : category === 'slots' ? 'string' : 'void';
      if (category === 'events') {
        // The Actions panel's handler, as Storybook makes it: `contact-open` -> `onContactOpen`.
        const handler = `on${item.name.replace(/(?:^|[-_:.\s]+)(.)/g, (_match, chr: string) => chr.toUpperCase())}`;
        argTypes[handler] = { name: handler, action: { name: item.name }, table: { disable: true } } as ArgType;
      }
      const key = category === 'attributes' || category === 'properties' || !(item.name in argTypes) ? item.name : `${category}: ${item.name}`;
      argTypes[key] = {
        name: item.name,
        description: item.description,
        type: { name: typeName } as ArgType['type'],
        table: { category, type: { summary: typeText }, defaultValue: { summary: item.default } },
      } as ArgType;
    }
  }
  return argTypes;
};
/** The members of a tag that only report (getters without a setter): they get no control. */
const readOnly = (tag: string): Set<string> =>
  new Set(
    declarations
      .find((declaration) => declaration.tagName === tag)
      ?.members?.filter((member) => member.readonly)
      .map((member) => member.name) ?? [],
  );

/** Values of the manifest's named types that are not written out as a union there. */
const NAMED_OPTIONS: Record<string, readonly string[]> = {
  ExportFormat: EXPORT_FORMATS,
  DuplicatePolicy: ['skip', 'update'],
  SortField: SORT_FIELDS,
  SortDirection: ['asc', 'desc'],
  ContactStatus: CONTACT_STATUSES,
  ColumnId: COLUMN_IDS,
};
/** Values of list attributes, offered as check boxes. */
const LIST_OPTIONS: Record<string, readonly string[]> = {
  'ColumnId[]': COLUMN_IDS,
  'string[]': ROLE_CATALOGUE.map((role) => role.id),
};

/** The choices of a type such as `'light' | 'dark' | undefined` or `ContactStatus | ''`; undefined when it is not a choice. */
const optionsOf = (type: string): string[] | undefined => {
  const parts = type.split('|').map((part) => part.trim());
  const options: string[] = [];
  for (const part of parts) {
    if (part === 'undefined' || part === 'null') continue;
    const literal = /^'([^']*)'$/.exec(part);
    if (literal) options.push(literal[1]!);
    else if (NAMED_OPTIONS[part]) options.push(...NAMED_OPTIONS[part]);
    else return undefined;
  }
  return options.length > 0 ? options : undefined;
};

/**
 * A control for every attribute, property and custom property the manifest lists, from its type
 * (the stories render fixed templates, so Storybook infers none itself: it only does for stories
 * whose render function takes args). Read-only properties are shown without a control.
 */
const controlsFromManifest: ArgTypesEnhancer = (context) => {
  const tag = typeof context.component === 'string' ? context.component : '';
  const reportOnly = readOnly(tag);
  const enhanced: ArgTypes = {};
  for (const [name, argType] of Object.entries(context.argTypes as ArgTypes)) {
    const category = argType.table?.category;
    const type = String((argType.type as { name?: string } | undefined)?.name ?? '');
    let control: ArgType['control'] | undefined;
    let options: readonly string[] | undefined;
    if (category === 'css custom properties') control = { type: 'text' };
    else if (category === 'attributes' || category === 'properties') {
      if (category === 'properties' && reportOnly.has(name)) control = false;
      else if (type === 'boolean') control = { type: 'boolean' };
      else if (type === 'number') control = { type: 'number' };
      else if (type === 'string') control = { type: 'text' };
      else if (LIST_OPTIONS[type]) [control, options] = [{ type: 'check' }, LIST_OPTIONS[type]];
      else if ((options = optionsOf(type))) control = { type: 'select' };
      else control = { type: 'object' };
    }
    enhanced[name] = control === undefined || argType.control !== undefined ? argType : { ...argType, control, ...(options ? { options: [...options] } : {}) };
  }
  return enhanced;
};
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

const SNIPPET_SCRIPT = '<script type="module" src="/portico/portico.js"></script>';
const PORTICO_TAG = /^(contact|contacts|role|login|password|user)-[a-z-]+$/;

/**
 * The docs pages' snippet: the story's HTML as a page author pastes it (docs/cms.md): the script,
 * then the elements with the story's attributes and the controls' values, each connected to the
 * API with `base-url` instead of the story's in-memory client.
 */
const htmlSnippet = (code: string, context: Parameters<Decorator>[1]): string => {
  // Storybook runs the transform twice: when the story emits its code and again in the docs' Source
  // block. The second time it gets this function's own output (which had the script tag twice).
  if (code.startsWith(SNIPPET_SCRIPT)) return code;
  const template = document.createElement('template');
  template.innerHTML = code.replace(/<!--[^]*?-->/g, '');
  const tag = typeof context.component === 'string' ? context.component : '';
  for (const element of template.content.querySelectorAll('*')) {
    if (!PORTICO_TAG.test(element.localName)) continue;
    if (element.localName === tag) {
      for (const [key, value] of Object.entries(context.args)) {
        if (context.argTypes[key]?.table?.category !== 'attributes' || value === undefined || typeof value === 'function') continue;
        if (value === false || value === null || value === '' || (Array.isArray(value) && value.length === 0)) element.removeAttribute(key);
        else element.setAttribute(key, value === true ? '' : Array.isArray(value) ? value.join(' ') : String(value));
      }
    }
    const nested = element.parentElement && PORTICO_TAG.test(element.parentElement.localName);
    if (!nested && !element.hasAttribute('base-url') && element.localName !== 'contacts-provider') element.setAttribute('base-url', '/api');
  }
  const markup = template.innerHTML
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim())
    .join('\n');
  const indent = Math.min(...markup.split('\n').map((line) => /^ */.exec(line)![0].length));
  return `${SNIPPET_SCRIPT}\n${markup
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n')}`;
};

/** The toolbar's Theme, Colours and Language around every story (stories/display-modes.ts). */
const withDisplayMode: Decorator = (story, context) => {
  const { theme, scheme, locale } = context.globals as DisplayMode;
  if (!theme && !scheme && (!locale || locale === 'en')) return story();
  return inDisplayMode(story(), { theme, scheme, locale });
};

const preview: Preview = {
  decorators: [withControls, withDisplayMode],
  argTypesEnhancers: [controlsFromManifest],
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
    // The rendered HTML (not the story's function), without the decorators' wrappers.
    // The docs pages show it open under each story, ready to copy, not behind "Show code".
    docs: {
      extractArgTypes,
      source: { type: 'dynamic', excludeDecorators: true, language: 'html', transform: htmlSnippet },
      canvas: { sourceState: 'shown' },
    },
  },
  tags: ['autodocs'],
};

export default preview;
