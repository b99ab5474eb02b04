// Renders a story of stories/ as Storybook would (default args + story args, the story's render
// or the default's) and waits until it has settled. Shared by the browser tests that look at
// every story in some condition (zoom, text spacing, themes, languages).
import { waitUntil } from '@open-wc/testing';
import { html, nothing, render, type TemplateResult } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactManager } from '@portico/elements';
import { storyModules } from '../../stories/index.js';

type Args = Record<string, unknown>;
type Render = (args: Args, context: { args: Args; id: string; name: string }) => TemplateResult | HTMLElement | string;
export interface StoryMeta {
  title: string;
  component?: string;
  args?: Args;
  render?: Render;
}
export interface Story {
  args?: Args;
  render?: Render;
  name?: string;
  parameters?: { test?: { skip?: string } };
}
export interface StoryEntry {
  file: string;
  meta: StoryMeta;
  exportName: string;
  story: Story;
  name: string;
}

export const allStories: StoryEntry[] = Object.entries(storyModules).flatMap(([file, module]) => {
  const { default: meta, ...exports } = module as unknown as { default: StoryMeta } & Record<string, Story>;
  return Object.entries(exports).map(([exportName, story]) => ({ file, meta, exportName, story, name: `${meta.title} / ${story.name ?? exportName}` }));
});

/** Custom elements in `root`, including those inside their shadow roots, in document order. */
export const customElementsIn = (root: ParentNode): Element[] =>
  [...root.querySelectorAll('*')]
    .filter((element) => element.localName.includes('-'))
    .flatMap((element) => [element, ...(element.shadowRoot ? customElementsIn(element.shadowRoot) : [])]);

/** Elements matching `selector` in `root` and in every shadow root below it. */
export const deepQueryAll = <T extends Element = HTMLElement>(root: ParentNode, selector: string): T[] =>
  [...root.querySelectorAll('*')].flatMap((element) => [
    ...(element.matches(selector) ? [element as T] : []),
    ...(element.shadowRoot ? deepQueryAll<T>(element.shadowRoot, selector) : []),
  ]);

const busy = (root: ParentNode): boolean =>
  [...root.querySelectorAll('*')].some((element) => element.getAttribute('aria-busy') === 'true' || (element.shadowRoot ? busy(element.shadowRoot) : false));

/** Waits until every Lit element (also those rendered later by others) has finished updating. */
export const settle = async (root: ParentNode) => {
  for (let round = 0; round < 10; round += 1) {
    const pending = customElementsIn(root)
      .map((element) => (element as Partial<{ updateComplete: Promise<unknown> }>).updateComplete)
      .filter((promise): promise is Promise<unknown> => promise instanceof Promise);
    const results = await Promise.all(pending);
    // updateComplete resolves to false while another update is queued.
    if (results.every((done) => done !== false) && customElementsIn(root).length === pending.length) return;
  }
};

/**
 * Renders a template into a new <div> (with `attributes`, e.g. lang and dir) on the page and returns that <div>; the next test's
 * `afterEach` removes it. Not `fixture()` of a <div>: that waits for an animation frame, which a
 * page web-test-runner keeps in the background does not get.
 */
export const mount = (template: unknown, attributes: Record<string, string> = {}): HTMLElement => {
  const wrapper = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) wrapper.setAttribute(name, value);
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(template, wrapper);
  return wrapper;
};
const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.remove();
});

/** Renders `entry` into `container` (appended to the page by the caller) and waits until it has loaded. */
export const renderStory = async ({ meta, story, exportName, name }: StoryEntry, container: HTMLElement) => {
  const renderFn = story.render ?? meta.render;
  if (!renderFn) throw new Error(`${name} has no render function`);
  const args = { ...meta.args, ...story.args };
  const result = renderFn(args, { args, id: `${meta.title}--${exportName}`, name: exportName });
  if (result instanceof Node) container.append(result);
  else render(result, container);
  await settle(container);
  // Stories that load data show it after the client answers; one that stays loading (a 60 s
  // latency) is looked at in its loading state.
  await waitUntil(() => !busy(container), 'still loading', { timeout: 3000 }).catch(() => undefined);
  await settle(container);
};

/** Renders `entry` into a new <div> from `mount()` (removed after the test) and waits until it has loaded. */
export const mountStory = async (entry: StoryEntry): Promise<HTMLElement> => {
  const container = mount(nothing);
  await renderStory(entry, container);
  return container;
};

/** The first match of `selector` in an element's shadow root; null when there is none (or no element). */
export const inShadow = (el: Element | null | undefined, selector: string) => el?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

/** `<contact-manager>` on a memory client as the administrator, mounted, once it knows its viewer. */
export const mountManager = async ({ rtl = false, density }: { rtl?: boolean; density?: 'compact' | undefined } = {}) => {
  const client = new MemoryContactsClient({ viewer: 'admin' });
  const wrapper = mount(html`<contact-manager .density=${density} .client=${client}></contact-manager>`, rtl ? { lang: 'ar', dir: 'rtl' } : {});
  const el = wrapper.querySelector<ContactManager>('contact-manager')!;
  await waitUntil(() => el.activeViewer !== undefined, 'no viewer');
  return el;
};

/** The manager's dialogs that states no story shows are checked in (zoom, text spacing, target size). */
export const MANAGER_DIALOGS = ['roles.assign', 'user.associate', 'password.reset_link', 'contact.delete', 'bulk delete'] as const;

/**
 * Opens one of the manager's dialogs as a user would: from a contact's page (c-00178 has no user
 * account yet, so the association dialog lists the free ones), or from the list with a row chosen.
 * Returns the dialog and what it shows once its content has loaded.
 */
export const openManagerDialog = async (el: ContactManager, which: (typeof MANAGER_DIALOGS)[number]) => {
  if (which === 'bulk delete') {
    const list = () => inShadow(el, 'contact-list');
    await waitUntil(() => inShadow(list(), 'tbody input[type="checkbox"]') !== null, 'no rows');
    inShadow(list(), 'tbody input[type="checkbox"]')!.click();
    await waitUntil(() => inShadow(list(), '[data-bulk="contact.delete"]') !== null, 'no bulk delete');
    inShadow(list(), '[data-bulk="contact.delete"]')!.click();
    return { dialog: () => inShadow(list(), '#bulk-delete'), ready: 'button[value="confirm"]' };
  }
  el.navigate({ view: 'contact', contactId: which === 'user.associate' ? 'c-00178' : 'c-victor' });
  const view = () => inShadow(el, 'contact-view');
  await waitUntil(() => inShadow(view(), `[data-action="${which}"]`) !== null, `no ${which}`);
  inShadow(view(), `[data-action="${which}"]`)!.click();
  const ready = { 'roles.assign': '[role="option"]', 'user.associate': '[part="result"] button', 'password.reset_link': '[part="button"]', 'contact.delete': '[part="confirm"]' }[which];
  const dialog = which === 'contact.delete' ? () => inShadow(inShadow(el, 'contact-delete'), 'dialog') : () => inShadow(el, 'dialog[part="dialog"]');
  return { dialog, ready };
};
