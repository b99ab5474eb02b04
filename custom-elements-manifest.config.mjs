// Custom Elements Manifest of @portico/elements, generated from the classes' JSDoc by `npm run cem`
// (scripts/cem.ts). It feeds Storybook's controls and API tables, docs/api.md and editors' hints.
import { readFileSync } from 'node:fs';

/** Tag names come from the ELEMENTS map in define.ts (the only place tags are registered). */
const tagsByClass = () => {
  const source = readFileSync(new URL('packages/elements/src/define.ts', import.meta.url), 'utf8');
  const map = source.match(/export const ELEMENTS = \{([^}]*)\}/)?.[1] ?? '';
  return new Map([...map.matchAll(/'([a-z][a-z0-9-]*)':\s*(\w+)/g)].map(([, tag, name]) => [name, tag]));
};

/**
 * The analyzer finds custom elements by `customElements.define` or a direct LitElement
 * superclass; ours register in define.ts and extend PorticoElement. This marks them, and keeps
 * internal reactive state (`state: true`, private or protected fields) out of the public API.
 */
function porticoPlugin() {
  return {
    name: 'portico',
    packageLinkPhase({ customElementsManifest }) {
      const tags = tagsByClass();
      const definitions = [];
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          // A style sheet or a table of strings is no API, and its value made every CSS or string
          // edit a manifest diff: keep lists (`COLUMN_IDS`, the language options), drop those.
          const value = declaration.kind === 'variable' ? (declaration.default ?? '') : '';
          if (value.startsWith('css`') || (value.startsWith('{') && value.length > 160)) delete declaration.default;
          if (declaration.kind !== 'class') continue;
          const tag = tags.get(declaration.name);
          if (tag) {
            declaration.customElement = true;
            declaration.tagName = tag;
            definitions.push({ kind: 'custom-element-definition', name: tag, declaration: { name: declaration.name, module: module.path } });
          }
          const internal = new Set((declaration.members ?? []).filter((member) => member.privacy && member.privacy !== 'public').map((member) => member.name));
          if (declaration.members) declaration.members = declaration.members.filter((member) => !internal.has(member.name));
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((attribute) => !internal.has(attribute.fieldName));
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
        }
      }
      const define = customElementsManifest.modules.find((module) => module.path.endsWith('/define-all.ts'));
      // The analyzer reads modules concurrently, so their order varies: sort, for a stable file.
      definitions.sort((a, b) => a.name.localeCompare(b.name));
      if (define) define.exports = [...(define.exports ?? []), ...definitions];
    },
  };
}

export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['packages/elements/src/**/*.test.ts', 'packages/elements/src/test-helpers.ts'],
  outdir: 'packages/elements',
  litelement: true,
  // The shipped pointer is packages/elements/package.json `customElements`, written by hand.
  packagejson: false,
  plugins: [porticoPlugin()],
};
