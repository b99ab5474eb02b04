// Every element in the display modes of Storybook's toolbar (stories/display-modes.ts): both
// example themes, each light and dark, Portico's own dark, and Arabic right to left, checked with
// axe (contrast included) and for what the mode must change. One story per stories file (its
// first); stories.test.ts checks every story in the default mode.
import { expect } from '@open-wc/testing';
import { inDisplayMode, type DisplayMode } from '../../stories/display-modes.js';
import { allStories, customElementsIn, deepQueryAll, mount, renderStory } from './render-story.js';

const modes: [string, DisplayMode][] = [
  ['Harbor', { theme: 'harbor' }],
  ['Harbor dark', { theme: 'harbor', scheme: 'dark' }],
  ['Ledger', { theme: 'ledger' }],
  ['Ledger dark', { theme: 'ledger', scheme: 'dark' }],
  ['dark', { scheme: 'dark' }],
  ['Arabic', { locale: 'ar' }],
];

const firstOfEachFile = allStories.filter((entry, index) => allStories.findIndex((other) => other.file === entry.file) === index);

/** Visible text of `root`, into open shadow roots. */
const deepText = (root: Node): string =>
  [...root.childNodes]
    .map((node) => (node.nodeType === Node.TEXT_NODE ? node.textContent : node instanceof Element ? deepText(node.shadowRoot ?? node) + (node.shadowRoot ? deepText(node) : '') : ''))
    .join(' ');

for (const [modeName, mode] of modes) {
  describe(`every element in ${modeName}`, () => {
    for (const entry of firstOfEachFile) {
      it(`${entry.name} (${entry.file})`, async function () {
        if (entry.story.parameters?.test?.skip) this.skip();
        const story = document.createElement('div');
        const outer = mount(inDisplayMode(story, mode));
        await renderStory(entry, story);
        const elements = customElementsIn(story).filter((element) => element.localName !== 'contacts-provider');
        expect(elements.length).to.be.greaterThan(0);
        const element = elements[0]!;
        if (mode.scheme) expect(getComputedStyle(element).colorScheme).to.equal(mode.scheme);
        if (mode.theme) expect(getComputedStyle(element).getPropertyValue('--portico-color-accent')).to.contain('light-dark(');
        if (mode.locale === 'ar') {
          expect(deepText(story), 'Arabic text').to.match(/[\u0600-\u06FF]/);
          const wrapper = [...(element.shadowRoot?.querySelectorAll('[dir]') ?? [])][0];
          expect(getComputedStyle(wrapper ?? element).direction).to.equal('rtl');
        }
        // A theme's larger spacing or a longer language must not push anything out of its box.
        // The list's table may scroll inside its own box (WCAG 1.4.10 allows it for data tables).
        const scrolled = deepQueryAll(story, ':not(.table-wrapper)')
          .filter((box) => ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth + 1)
          .map((box) => `<${box.localName} class="${box.className}"> ${box.scrollWidth} > ${box.clientWidth} px`);
        expect(scrolled, 'scrolls sideways').to.deep.equal([]);
        await expect(outer).to.be.accessible();
      });
    }
  });
}
