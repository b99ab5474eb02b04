// WCAG 2.5.8 Target Size (Minimum), for every story in stories/ and in states no story shows
// (the list's action menu, also right to left, the list as cards, the delete dialog, the manager's
// edit form and its dialogs), in the default and the compact density (set on the elements, as a
// host would): every control a pointer can activate inside the elements' shadow roots is at least
// 24 × 24 CSS px, or is undersized but spaced, so that a 24 px circle centred on it meets no other
// target and no other undersized target's circle. Links inside a sentence are exempt (their size is the text's).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactDelete, ContactList, ContactManager } from '@portico/elements';
import { MANAGER_DIALOGS, allStories, deepQueryAll, inShadow, mountManager, mountStory, openManagerDialog, settle } from './render-story.js';

const MIN = 24;
const TARGETS = [
  'button',
  'a[href]',
  'input:not([type="hidden"])',
  'select',
  'summary',
  '[role="option"]',
  '[role="menuitem"]',
  '[role="switch"]',
  '[role="tab"]',
].join(', ');

interface Target {
  element: Element;
  box: DOMRect;
}

const describeElement = (element: Element) => {
  const host = (element.getRootNode() as ShadowRoot).host;
  const label = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  const type = element.getAttribute('role') ?? (element.localName === 'input' ? element.getAttribute('type') : null);
  return `<${element.localName}${type ? ` ${type}` : ''}> "${label}"${host ? ` in <${host.localName}>` : ''}`;
};

const shown = (element: Element) =>
  element.getClientRects().length > 0 &&
  !element.closest('.visually-hidden, dialog:not([open])') &&
  getComputedStyle(element).visibility !== 'hidden';

/** A link in a run of text: the exception for targets in a sentence. */
const inline = (element: Element) =>
  element.localName === 'a' &&
  getComputedStyle(element).display === 'inline' &&
  [...(element.parentNode?.childNodes ?? [])].some((node) => node !== element && node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');

/** What a click activates: a control, or the label wrapped around it (a click on it works too). */
const targetBox = (element: Element): DOMRect => {
  const box = element.getBoundingClientRect();
  const wrapping = element instanceof HTMLInputElement ? [...(element.labels ?? [])].filter((label) => label.contains(element)) : [];
  return wrapping.map((label) => label.getBoundingClientRect()).find((label) => label.width * label.height > box.width * box.height) ?? box;
};

/** The targets inside the Portico elements under `root` (not the story's own scaffolding). */
const targetsIn = (root: ParentNode): Target[] =>
  deepQueryAll(root, TARGETS)
    .filter((element) => element.getRootNode() instanceof ShadowRoot && shown(element) && !inline(element))
    .map((element) => ({ element, box: targetBox(element) }));

const small = ({ box }: Target) => box.width < MIN - 0.5 || box.height < MIN - 0.5;
const centre = ({ box }: Target) => ({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
/** Distance from a point to a box (0 inside it). */
const distanceToBox = (point: { x: number; y: number }, box: DOMRect) =>
  Math.hypot(Math.max(box.left - point.x, 0, point.x - box.right), Math.max(box.top - point.y, 0, point.y - box.bottom));

/** The targets that fail 2.5.8, with why. */
const targetSizeProblems = (root: ParentNode): string[] => {
  const targets = targetsIn(root);
  const problems: string[] = [];
  for (const target of targets.filter(small)) {
    const c = centre(target);
    const nearby = targets.filter((other) => {
      if (other === target || other.element.contains(target.element) || target.element.contains(other.element)) return false;
      // Two undersized targets: their circles must not meet; else this circle must not reach the other.
      return small(other) ? Math.hypot(centre(other).x - c.x, centre(other).y - c.y) < MIN - 0.5 : distanceToBox(c, other.box) < MIN / 2 - 0.25;
    });
    if (nearby.length > 0) {
      const size = `${Math.round(target.box.width * 10) / 10} × ${Math.round(target.box.height * 10) / 10} px`;
      problems.push(`${describeElement(target.element)} is ${size} and too close to ${describeElement(nearby[0]!.element)}`);
    }
  }
  return problems;
};

/** Sets `density` on the Portico elements the story renders, as a host page would. */
const setDensity = (container: HTMLElement, density: string | undefined) => {
  for (const element of container.querySelectorAll('*')) {
    if (!element.localName.includes('-')) continue;
    if (density) element.setAttribute('density', density);
    else element.removeAttribute('density');
  }
};

for (const density of [undefined, 'compact'] as const) {
  describe(`every story's targets are at least 24 px (WCAG 2.5.8) in ${density ?? 'the default'} density`, () => {
    for (const entry of allStories) {
      it(`${entry.name} (${entry.file})`, async function () {
        if (entry.story.parameters?.test?.skip) this.skip();
        const container = await mountStory(entry);
        setDensity(container, density);
        await settle(container);
        const problems = targetSizeProblems(container);
        expect(problems, problems.join('\n')).to.deep.equal([]);
      });
    }

    it('<contact-list> with its action menu open', async () => {
      const el = await fixture<ContactList>(html`<contact-list .density=${density} .client=${new MemoryContactsClient()}></contact-list>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="menu-button"]'), 'no action buttons');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="menu-button"]')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[role="menu"]')?.checkVisibility({ visibilityProperty: true }) === true, 'menu not open', { timeout: 4000 });
      const problems = targetSizeProblems(el.parentElement!);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });

    it('<contact-list> as cards on a narrow host', async () => {
      const el = await fixture<ContactList>(html`<contact-list style="inline-size: 320px" .density=${density} .client=${new MemoryContactsClient()}></contact-list>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="menu-button"]'), 'no action buttons');
      expect(getComputedStyle(el.shadowRoot!.querySelector('tbody tr')!).display).to.equal('block', 'a row is a card');
      const problems = targetSizeProblems(el.parentElement!);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });

    it('<contact-delete> with its dialog open', async () => {
      const client = new MemoryContactsClient();
      const el = await fixture<ContactDelete>(html`<contact-delete .density=${density} .client=${client}></contact-delete>`);
      el.show(await client.getContact('c-victor'));
      await waitUntil(() => el.shadowRoot!.querySelector('dialog[open] button'), 'dialog not open');
      const problems = targetSizeProblems(el.parentElement!);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      el.close();
    });

    /** Waits until the open dialog's content has loaded, then measures the targets in it. */
    const checkDialog = async (el: ContactManager, dialog: () => HTMLElement | null, ready: string) => {
      await waitUntil(() => dialog()?.matches('[open]') && deepQueryAll(dialog()!, ready).length > 0, `no ${ready} in the dialog`);
      await waitUntil(() => deepQueryAll(dialog()!, '[aria-busy="true"]').length === 0, 'dialog still loading');
      await settle(el.parentElement!);
      const problems = targetSizeProblems(dialog()!);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    };

    for (const which of MANAGER_DIALOGS) {
      it(`<contact-manager> with its ${which} dialog open`, async () => {
        const el = await mountManager({ density });
        const { dialog, ready } = await openManagerDialog(el, which);
        await checkDialog(el, dialog, ready);
      });
    }

    it('<contact-manager> in Arabic, right to left, with an action menu open', async () => {
      const el = await mountManager({ density, rtl: true });
      const list = () => inShadow(el, 'contact-list');
      await waitUntil(() => inShadow(list(), '[part="menu-button"]') !== null, 'no action buttons');
      inShadow(list(), '[part="menu-button"]')!.click();
      await waitUntil(() => inShadow(list(), '[role="menu"]')?.checkVisibility({ visibilityProperty: true }) === true, 'menu not open', { timeout: 4000 });
      expect(getComputedStyle(inShadow(list(), '[role="menu"]')!).direction).to.equal('rtl');
      const problems = targetSizeProblems(el.parentElement!);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });

    it('<contact-manager> on its edit form', async () => {
      const el = await fixture<ContactManager>(html`<contact-manager .density=${density} .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-manager>`);
      el.navigate({ view: 'edit', contactId: 'c-victor' });
      const form = () => el.shadowRoot!.querySelector('contact-form')?.shadowRoot?.querySelector<HTMLInputElement>('input[name="lastName"]');
      await waitUntil(() => form()?.value, 'form not filled');
      const problems = targetSizeProblems(el.parentElement!);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });
  });
}

describe('the target size check', () => {
  it('finds an undersized control next to another and accepts one with room around it', () => {
    // Not fixture() on a plain <div>: it waits for an animation frame, which a background tab may not get.
    const wrapper = document.createElement('div');
    const host = wrapper.appendChild(document.createElement('div'));
    document.body.append(wrapper);
    try {
      host.attachShadow({ mode: 'open' }).innerHTML = `
        <div style="display:flex"><button style="all:unset;inline-size:16px;block-size:16px">a</button><button style="all:unset;inline-size:16px;block-size:16px">b</button></div>
        <div style="padding:20px"><input type="checkbox" style="margin:0;inline-size:16px;block-size:16px"></div>
        <label style="display:inline-block;padding:6px"><input type="checkbox" style="margin:0;inline-size:16px;block-size:16px"> label</label>`;
      const problems = targetSizeProblems(wrapper);
      expect(problems).to.have.length(2);
      expect(problems[0]).to.match(/^<button> "a" in <div> is 16 × 16 px and too close to <button> "b"/);
    } finally {
      wrapper.remove();
    }
  });
});
