// Every story of stories/ rendered as Storybook would (default args + story args, the story's
// render or the default's), then checked with axe. A story that throws, fails to render or is
// inaccessible fails here. The list of modules is stories/index.ts, which `npm run cem`
// generates and npm test checks, so a new stories file cannot be left out.
import { expect, fixtureCleanup } from '@open-wc/testing';
import { storyModules } from '../../stories/index.js';
import { allStories, customElementsIn, mountStory, type StoryMeta } from './render-story.js';

const stories = allStories;

describe('stories', () => {
  afterEach(() => fixtureCleanup());

  it('each module has a default export with a title and a component, and at least one story', () => {
    expect(Object.keys(storyModules)).to.not.be.empty;
    for (const [file, module] of Object.entries(storyModules)) {
      const meta = (module as unknown as { default?: StoryMeta }).default;
      expect(meta?.title, `${file} default title`).to.be.a('string');
      expect(meta?.component, `${file} default component (its tag, for the manifest's controls)`).to.be.a('string');
      expect(stories.filter((story) => story.file === file), `${file} stories`).to.not.be.empty;
    }
  });

  for (const entry of stories) {
    const { file, meta, story } = entry;
    const name = `${entry.name} (${file})`;
    it(`${name} renders and is accessible`, async function () {
      const skip = story.parameters?.test?.skip;
      if (skip) {
        // A skip must say why, in the story's `parameters.test.skip`.
        this.skip();
      }
      expect(story.render ?? meta.render, `${name} has no render function`).to.be.a('function');
      // Stories that load data are looked at after the client answers; one that stays loading
      // (the Loading story, a 60 s latency) is checked in its loading state.
      const container = await mountStory(entry);
      expect(customElementsIn(container).length, `${name} renders no custom element`).to.be.greaterThan(0);
      await expect(container).to.be.accessible();
    });
  }
});
