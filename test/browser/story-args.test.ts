// Storybook's Controls panel shows a story's args, and the withControls decorator of
// .storybook/preview.ts sets them on the story's element (the meta's `component`) as attributes.
// So the args are attributes of the Custom Elements Manifest, every attribute with a default has a
// value in the meta's args (no empty controls), and setting a story's args on what the story
// renders changes nothing: the panel shows what the story shows.
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { storyModules } from '../../stories/index.js';

type Args = Record<string, unknown>;
interface Meta {
  title: string;
  component?: string;
  args?: Args;
  render?: (args: Args, context: { args: Args; id: string; name: string }) => TemplateResult | HTMLElement | string;
}
type Story = Pick<Meta, 'args' | 'render'>;
interface Attribute {
  name: string;
  fieldName?: string;
  default?: string;
  type?: { text: string };
}
interface Manifest {
  modules: { declarations?: { tagName?: string; attributes?: Attribute[] }[] }[];
}

const manifestUrl = new URL('../../packages/elements/custom-elements.json', import.meta.url);
let attributesOf = new Map<string, Attribute[]>();

/** The manifest's default as a value (`'csv'`, `25`, `false`, `[]`), or undefined when it is code. */
const literal = (text: string | undefined): unknown => {
  if (text === undefined || text === 'undefined') return undefined;
  try {
    return JSON.parse(text.replace(/'/g, '"')) as unknown;
  } catch {
    return undefined;
  }
};

const stories = Object.entries(storyModules).flatMap(([file, module]) => {
  const { default: meta, ...exports } = module as unknown as { default: Meta } & Record<string, Story>;
  return Object.entries(exports).map(([exportName, story]) => ({ file, meta, exportName, story }));
});

/** What withControls does with an arg of the attributes category. */
const setArg = (element: Element, name: string, value: unknown) => {
  if (value === undefined) return;
  if (value === false || value === null) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
};

const updated = (element: Element) => (element as Partial<{ updateComplete: Promise<unknown> }>).updateComplete;

describe('story args', () => {
  before(async () => {
    const manifest = (await (await fetch(manifestUrl)).json()) as Manifest;
    attributesOf = new Map(
      manifest.modules.flatMap((module) => module.declarations ?? []).flatMap((declaration) => (declaration.tagName ? [[declaration.tagName, declaration.attributes ?? []]] : [])),
    );
  });

  // HTML lowercases attribute names, so a capitalised one is internal state (such as the base
  // element's text direction) that leaked into the manifest and would show as a useless control.
  it('the manifest lists only attributes a page can write', () => {
    const names = [...attributesOf].flatMap(([tag, attributes]) => attributes.map((attribute) => `${tag} ${attribute.name}`));
    expect(names.length).to.be.greaterThan(0);
    expect(names.filter((name) => name !== name.toLowerCase())).to.deep.equal([]);
  });

  for (const [file, module] of Object.entries(storyModules)) {
    it(`${file}: the meta's args give every attribute of the manifest with a default a value of its type`, () => {
      const meta = (module as unknown as { default: Meta }).default;
      const attributes = attributesOf.get(meta.component ?? '');
      expect(attributes, `${meta.component} is in the manifest`).to.be.an('array');
      const names = new Set(attributes!.map((attribute) => attribute.name));
      const args = meta.args ?? {};
      for (const key of Object.keys(args)) expect(names.has(key), `${file}: "${key}" is an attribute of ${meta.component}`).to.be.true;
      for (const attribute of attributes!) {
        if (attribute.default === undefined || attribute.default === 'undefined') continue;
        expect(args, `${file}: args.${attribute.name} (default ${attribute.default})`).to.have.property(attribute.name);
        const fallback = literal(attribute.default);
        if (fallback !== undefined) {
          const type = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value);
          expect(type(args[attribute.name]), `${file}: args.${attribute.name} has the type of ${attribute.default}`).to.equal(type(fallback));
        }
      }
    });
  }

  for (const { file, meta, exportName, story } of stories) {
    it(`${meta.title} / ${exportName} (${file}): its args are what it renders`, async () => {
      const args = { ...meta.args, ...story.args };
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const result = (story.render ?? meta.render)!(args, { args, id: `${meta.title}--${exportName}`, name: exportName });
        if (result instanceof Node) container.append(result);
        else render(result, container);
        const elements = [...container.querySelectorAll(meta.component!)];
        await Promise.all(elements.map(updated));
        const attributes = (attributesOf.get(meta.component!) ?? []).filter((attribute) => attribute.name in args && attribute.fieldName);
        for (const element of elements) {
          const field = (attribute: Attribute) => JSON.stringify((element as unknown as Record<string, unknown>)[attribute.fieldName!]);
          const before = attributes.map(field);
          for (const attribute of attributes) setArg(element, attribute.name, args[attribute.name]);
          await updated(element);
          expect(attributes.map(field), `${attributes.map((attribute) => attribute.name).join(', ')} after setting the args`).to.deep.equal(before);
        }
      } finally {
        render(null, container);
        container.remove();
      }
    });
  }
});
