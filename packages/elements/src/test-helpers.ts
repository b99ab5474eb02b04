// Shared by the element tests only (not exported from the package).
import { waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { ContactsError } from '@portico/core';
import { contains, deepActiveElement } from './base/dialog.js';

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in <${el.localName}>`);
  return found;
};
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string): T[] => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Makes the next call of `method` fail once with a server error. */
export const failOnce = <T extends object>(client: T, method: keyof T, message = 'The server is down.') => {
  const original = (client[method] as (...args: unknown[]) => unknown).bind(client);
  let failed = false;
  (client as Record<keyof T, unknown>)[method] = (...args: unknown[]) => {
    if (failed) return original(...args);
    failed = true;
    return Promise.reject(new ContactsError(message, { code: 'server', status: 500 }));
  };
};

/**
 * Saves the page as .test-results/screenshots/<name>.png (scripts/wtr-screenshot.mjs), to look at:
 * the whole page, or with `fullPage: false` what the window shows (the top of a long list).
 */
export const screenshot = (name: string, { fullPage = true } = {}) => executeServerCommand('save-screenshot', { name, fullPage });

export const until = (predicate: () => boolean, message: string) => waitUntil(predicate, message, { timeout: 4000 });

const deepAll = (root: ParentNode, selector: string): Element[] =>
  [...root.querySelectorAll('*')].flatMap((element) => [
    ...(element.matches(selector) ? [element] : []),
    ...(element.shadowRoot ? deepAll(element.shadowRoot, selector) : []),
  ]);

/**
 * Presses Tab past the last control of the open `dialog`, then Shift+Tab past the first, and
 * returns what focus reached: `outside` lists the elements of the page outside the dialog (none
 * for a modal dialog), `inside` how many different ones inside it got focus. Past the last
 * control Chromium moves focus to its own toolbar (the page's `<body>` is active then) and on to
 * the first control again: the page behind stays out of reach, which is what counts.
 */
export const tabAround = async (dialog: HTMLDialogElement) => {
  const presses = deepAll(dialog, 'button:not([disabled]), input, select, textarea, a[href], [tabindex="0"]').length + 2;
  const outside: string[] = [];
  const inside = new Set<Element>();
  for (const shift of [false, true]) {
    if (shift) await sendKeys({ down: 'Shift' });
    for (let count = 0; count < presses; count += 1) {
      await sendKeys({ press: 'Tab' });
      const active = deepActiveElement() ?? document.activeElement;
      if (active && contains(dialog, active)) inside.add(active);
      else if (active !== document.body) outside.push(`${shift ? 'Shift+Tab' : 'Tab'} ${count + 1}: <${active?.localName ?? 'nothing'}>`);
    }
    if (shift) await sendKeys({ up: 'Shift' });
  }
  return { outside, inside: inside.size };
};

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.remove();
});

/**
 * Renders a template into a new <div> (with `attributes`, e.g. a style giving the host a width) on
 * the page and returns that <div>; it is removed after the test. Not `fixture()` of a <div>: that
 * waits for an animation frame, which a page web-test-runner keeps in the background does not get.
 */
export const mount = (template: unknown, attributes: Record<string, string> = {}): HTMLElement => {
  const wrapper = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) wrapper.setAttribute(name, value);
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(template, wrapper);
  return wrapper;
};
