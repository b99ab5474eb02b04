// Every story of stories/ rendered as Storybook would (default args + story args, the story's
// render or the default's), then checked with axe. A story that throws, fails to render or is
// inaccessible fails here. The list of modules is stories/index.ts, which `npm run cem`
// generates and npm test checks, so a new stories file cannot be left out.
import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { storyModules } from '../../stories/index.js';

type Args = Record<string, unknown>;
type Render = (args: Args, context: { args: Args; id: string; name: string }) => TemplateResult | HTMLElement | string;
interface Meta {
  title: string;
  args?: Args;
  render?: Render;
}
interface Story {
  args?: Args;
  render?: Render;
  name?: string;
  parameters?: { test?: { skip?: string } };
}

/** Custom elements in `root`, including those inside their shadow roots, in document order. */
const customElementsIn = (root: ParentNode): Element[] =>
  [...root.querySelectorAll('*')]
    .filter((element) => element.localName.includes('-'))
    .flatMap((element) => [element, ...(element.shadowRoot ? customElementsIn(element.shadowRoot) : [])]);

const busy = (root: ParentNode): boolean =>
  [...root.querySelectorAll('*')].some((element) => element.getAttribute('aria-busy') === 'true' || (element.shadowRoot ? busy(element.shadowRoot) : false));

/** Waits until every Lit element (also those rendered later by others) has finished updating. */
const settle = async (root: ParentNode) => {
  for (let round = 0; round < 10; round += 1) {
    const pending = customElementsIn(root)
      .map((element) => (element as Partial<{ updateComplete: Promise<unknown> }>).updateComplete)
      .filter((promise): promise is Promise<unknown> => promise instanceof Promise);
    const results = await Promise.all(pending);
    // updateComplete resolves to false while another update is queued.
    if (results.every((done) => done !== false) && customElementsIn(root).length === pending.length) return;
  }
};

const stories = Object.entries(storyModules).flatMap(([file, module]) => {
  const { default: meta, ...exports } = module as unknown as { default: Meta } & Record<string, Story>;
  return Object.entries(exports).map(([exportName, story]) => ({ file, meta, exportName, story }));
});

describe('stories', () => {
  afterEach(() => fixtureCleanup());

  it('each module has a default export with a title and a component, and at least one story', () => {
    expect(Object.keys(storyModules)).to.not.be.empty;
    for (const [file, module] of Object.entries(storyModules)) {
      const meta = (module as unknown as { default?: Meta & { component?: string } }).default;
      expect(meta?.title, `${file} default title`).to.be.a('string');
      expect(meta?.component, `${file} default component (its tag, for the manifest's controls)`).to.be.a('string');
      expect(stories.filter((story) => story.file === file), `${file} stories`).to.not.be.empty;
    }
  });

  for (const { file, meta, exportName, story } of stories) {
    const name = `${meta.title} / ${story.name ?? exportName} (${file})`;
    it(`${name} renders and is accessible`, async function () {
      const skip = story.parameters?.test?.skip;
      if (skip) {
        // A skip must say why, in the story's `parameters.test.skip`.
        this.skip();
      }
      const renderStory = story.render ?? meta.render;
      expect(renderStory, `${name} has no render function`).to.be.a('function');
      const args = { ...meta.args, ...story.args };
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const result = renderStory!(args, { args, id: `${meta.title}--${exportName}`, name: exportName });
        if (result instanceof Node) container.append(result);
        else render(result, container);
        await settle(container);
        expect(customElementsIn(container).length, `${name} renders no custom element`).to.be.greaterThan(0);
        // Stories that load data show it after the client answers; one that stays loading
        // (the Loading story, a 60 s latency) is checked in its loading state.
        await waitUntil(() => !busy(container), 'still loading', { timeout: 3000 }).catch(() => undefined);
        await settle(container);
        await expect(container).to.be.accessible();
      } finally {
        render(null, container);
        container.remove();
      }
    });
  }
});
