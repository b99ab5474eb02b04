// WCAG 1.4.4 (resize text), 1.4.10 (reflow) and 1.4.12 (text spacing), for every story in
// stories/: the page is made as narrow as a 1280 px window at 200 % zoom (640 CSS px) and as a
// 320 CSS px phone, and the text-spacing overrides of 1.4.12 are applied everywhere, inside every
// shadow root too (the inherited properties on the page reach the hosts; an adopted stylesheet
// with !important reaches the elements that set their own line height or margins). Then:
// nothing overflows the page or an element sideways, no label or button clips its text, and
// every control can be scrolled to and is not covered by anything else.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactDelete, ContactForm, ContactImport, ContactList, ContactManager } from '@portico/elements';
import { MANAGER_DIALOGS, allStories, deepQueryAll, inShadow, mountManager, mountStory, openManagerDialog, settle } from './render-story.js';

const TEXT_SPACING = `
  *, *::before, *::after {
    line-height: 1.5 !important;
    letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important;
  }
  p { margin-block-end: 2em !important; }
`;
const spacing = new CSSStyleSheet();
spacing.replaceSync(TEXT_SPACING);

/** Adopts the text-spacing sheet into the document and every shadow root below `root`. */
const applySpacing = (root: Document | ShadowRoot) => {
  if (!root.adoptedStyleSheets.includes(spacing)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, spacing];
  for (const element of root.querySelectorAll('*')) if (element.shadowRoot) applySpacing(element.shadowRoot);
};

/** For the enclosing describe: a window `width` CSS px wide with the text spacing, scrolled back to the top after each test. */
const atWidthWithSpacing = (width: number) => {
  before(async () => {
    await setViewport({ width, height: 900 });
    applySpacing(document);
  });
  afterEach(() => scrollTo(0, 0));
  after(async () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== spacing);
    await setViewport({ width: 800, height: 600 });
  });
};

const shown = (element: Element) =>
  element.getClientRects().length > 0 && !element.closest('.visually-hidden') && getComputedStyle(element).visibility !== 'hidden';
const describeElement = (element: Element) => {
  const host = (element.getRootNode() as ShadowRoot).host;
  const label = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return `<${element.localName}${element.id ? `#${element.id}` : ''}> "${label}"${host ? ` in <${host.localName}>` : ''}`;
};

/** Whether `node` is `container` or inside it, across shadow roots. */
const within = (container: Node, node: Node | null): boolean => {
  for (let current = node; current; current = current instanceof ShadowRoot ? current.host : current.parentNode) {
    if (current === container) return true;
  }
  return false;
};

/**
 * `controlsIn` narrows the reachability check to a part (an open menu); `scroll: false` looks at
 * the controls where they are, for a popup that scrolling would close.
 */
const check = (container: HTMLElement, width: number, { controlsIn = container, scroll = true }: { controlsIn?: HTMLElement; scroll?: boolean } = {}) => {
  const problems: string[] = [];
  if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px`);
  for (const host of deepQueryAll(container, ':is(*)').filter((element) => element.localName.includes('-'))) {
    if (host.clientWidth > 0 && host.scrollWidth > host.clientWidth + 1) problems.push(`<${host.localName}> overflows: ${host.scrollWidth} > ${host.clientWidth} px`);
  }
  // A modal dialog sits in the top layer, outside the page's width: it must fit the window and
  // not scroll sideways itself.
  for (const dialog of [container, ...deepQueryAll(container, 'dialog')].filter((element) => element.matches('dialog[open]'))) {
    const box = dialog.getBoundingClientRect();
    if (box.left < -1 || box.right > innerWidth + 1) problems.push(`${describeElement(dialog)} is wider than the window: ${Math.round(box.width)} px`);
    if (dialog.scrollWidth > dialog.clientWidth + 1) problems.push(`${describeElement(dialog)} scrolls sideways: ${dialog.scrollWidth} > ${dialog.clientWidth} px`);
  }
  // Text that needs more room than its box has is clipped or spills over its neighbours.
  for (const element of deepQueryAll(container, 'button, label, legend, select, th, dt, dd, h2, [role="option"], [role="menuitem"]')) {
    if (!shown(element) || element.clientWidth === 0) continue;
    if (element.scrollWidth > element.clientWidth + 1) problems.push(`${describeElement(element)} clips its text: ${element.scrollWidth} > ${element.clientWidth} px`);
  }
  // Every control can be reached, and what is drawn at its centre is the control itself.
  for (const control of deepQueryAll(controlsIn, 'button, input, select, a[href], [role="listbox"], tr[tabindex]')) {
    if (!shown(control) || control.closest('dialog:not([open])')) continue;
    if (scroll) control.scrollIntoView({ block: 'center', inline: 'center' });
    const box = control.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (x < 0 || x > innerWidth || y < 0 || y > innerHeight) {
      problems.push(`${describeElement(control)} cannot be scrolled into view`);
      continue;
    }
    const hit = (control.getRootNode() as Document | ShadowRoot).elementFromPoint(x, y);
    if (!within(control, hit)) problems.push(`${describeElement(control)} is covered by ${hit ? describeElement(hit) : 'nothing'}`);
  }
  return problems;
};

for (const [width, what] of [
  [640, '200 % zoom (640 CSS px)'],
  [320, '320 CSS px'],
] as const) {
  describe(`every story at ${what} with WCAG text spacing`, () => {
    atWidthWithSpacing(width);

    for (const entry of allStories) {
      it(`${entry.name} (${entry.file})`, async function () {
        if (entry.story.parameters?.test?.skip) this.skip();
        const container = await mountStory(entry);
        applySpacing(document);
        await settle(container);
        const problems = check(container, width);
        expect(problems, problems.join('\n')).to.deep.equal([]);
      });
    }
  });
}

/** States no story shows: the form with every error, an open dialog, the import's mapping step. */
describe('states at 320 CSS px with WCAG text spacing', () => {
  atWidthWithSpacing(320);

  it('<contact-form> with every error shown', async () => {
    const el = await fixture<ContactForm>(html`<contact-form .client=${new MemoryContactsClient()}></contact-form>`);
    await waitUntil(() => inShadow(el, 'button[type="submit"]') !== null, 'form not ready');
    applySpacing(document);
    inShadow(el, 'button[type="submit"]')!.click();
    await waitUntil(() => inShadow(el, '[role="alert"]') !== null, 'no errors');
    await el.updateComplete;
    const problems = check(el.parentElement!, 320);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('<contact-delete> with its dialog open', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactDelete>(html`<contact-delete .client=${client}></contact-delete>`);
    el.show(await client.getContact('c-victor'));
    await waitUntil(() => inShadow(el, 'dialog[open] button') !== null, 'dialog not open');
    applySpacing(document);
    await el.updateComplete;
    const problems = check(inShadow(el, 'dialog')!, 320);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    el.close();
  });

  it('<contact-import> at its column mapping', async () => {
    const el = await fixture<ContactImport>(html`<contact-import .client=${new MemoryContactsClient()}></contact-import>`);
    await waitUntil(() => el.activeViewer !== undefined, 'no viewer');
    const file = ['First name,Surname,E-mail,Company', 'Ada,Lovelace,ada@example.com,Acme Europe', ',Nobody,not-an-email,'].join('\r\n');
    await el.load(new File([file], 'contacts.csv', { type: 'text/csv' }));
    await waitUntil(() => inShadow(el, '[part="mapping"]') !== null, 'no mapping');
    applySpacing(document);
    await el.updateComplete;
    const problems = check(el.parentElement!, 320);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});

/** <contact-manager> with a row's action menu open (also right to left), on its edit form, and with each dialog open. */
for (const [width, what] of [
  [640, '200 % zoom (640 CSS px)'],
  [320, '320 CSS px'],
] as const) {
  describe(`<contact-manager> states at ${what} with WCAG text spacing`, () => {
    atWidthWithSpacing(width);
    /** Waits until the open dialog's content has loaded, then checks it with the spacing applied. */
    const checkDialog = async (el: ContactManager, dialog: () => HTMLElement | null, ready: string) => {
      await waitUntil(() => dialog()?.matches('[open]') && deepQueryAll(dialog()!, ready).length > 0, `no ${ready} in the dialog`);
      await waitUntil(() => deepQueryAll(dialog()!, '[aria-busy="true"]').length === 0, 'dialog still loading');
      applySpacing(document);
      await settle(el.parentElement!);
      const problems = check(dialog()!, width);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    };

    for (const which of MANAGER_DIALOGS) {
      it(`with its ${which} dialog open`, async () => {
        const el = await mountManager();
        const { dialog, ready } = await openManagerDialog(el, which);
        await checkDialog(el, dialog, ready);
      });
    }

    for (const rtl of [false, true]) {
      it(`with a row's action menu open${rtl ? ' in Arabic, right to left' : ''}`, async () => {
        const el = await mountManager({ rtl });
        const list = () => inShadow(el, 'contact-list') as ContactList | null;
        await waitUntil(() => inShadow(list(), '[part="menu-button"]') !== null, 'no rows');
        applySpacing(document);
        await settle(el.parentElement!);
        // A row's button at the bottom of the window, where the menu must not open below it. A spacer
        // puts it there: scrolling the page would close the menu (with the next frame).
        const button = inShadow(list(), '[part="menu-button"]')!;
        const spacer = document.createElement('div');
        spacer.style.blockSize = `${Math.max(0, innerHeight - button.getBoundingClientRect().bottom - 4)}px`;
        el.before(spacer);
        expect(innerHeight - button.getBoundingClientRect().bottom).to.be.lessThan(24, 'the button is at the bottom');
        button.click();
        // Shown once placed (Floating UI loads on the first open).
        await waitUntil(() => inShadow(list(), '[role="menu"]')?.checkVisibility({ visibilityProperty: true }) === true, 'menu not open', { timeout: 4000 });
        const menu = inShadow(list(), '[role="menu"]')!;
        const problems = check(el.parentElement!, width, { controlsIn: menu, scroll: false });
        const box = menu.getBoundingClientRect();
        if (box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight) problems.push(`the menu is not inside the window: ${JSON.stringify(box)}`);
        expect(problems, problems.join('\n')).to.deep.equal([]);
        expect(menu.querySelectorAll('[role="menuitem"]').length).to.be.greaterThan(1);
        if (rtl) expect(getComputedStyle(menu).direction).to.equal('rtl');
      });
    }

    it('with its edit form open', async () => {
      const el = await mountManager();
      el.navigate({ view: 'edit', contactId: 'c-victor' });
      const form = () => inShadow(el, 'contact-form') as ContactForm | null;
      await waitUntil(() => (inShadow(form(), 'input[name="lastName"]') as HTMLInputElement | null)?.value, 'form not filled');
      applySpacing(document);
      await settle(el.parentElement!);
      const problems = check(el.parentElement!, width);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect(inShadow(form(), 'button[type="submit"]')).to.exist;
    });
  });
}
