// Forced colours (Windows High Contrast): the browser replaces our colours with the user's few
// system colours and drops backgrounds. What a background alone conveyed (the selected row, a
// marked option, the switch's state, the status dot) must survive as something still drawn, and
// every control keeps its border and the focus ring. Emulated through the DevTools protocol
// (scripts/wtr-forced-colors.mjs); Chromium then paints with its forced palette.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { exportWriters } from '@portico/export';
import { ROLE_CATALOGUE } from '@portico/core';
import type { ContactForm, ContactList, RolePicker } from '@portico/elements';
import '@portico/elements/define';

const forcedColors = (value: 'active' | 'none') => executeServerCommand('emulate-forced-colors', { forcedColors: value });
const inShadow = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const until = (predicate: () => boolean, message: string) => waitUntil(predicate, message, { timeout: 3000 });

/** The colour a system colour keyword resolves to right now (forced palettes differ by platform). */
const systemColor = (keyword: string) => {
  const probe = document.createElement('span');
  probe.style.cssText = `forced-color-adjust: none; color: ${keyword}`;
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
};
const visible = (color: string) => color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color);

/** Controls that must show a border: every button, text field and select but link-like ones. */
const bordered = (el: Element) =>
  inShadow(el, 'button, input:not([type="checkbox"]):not([type="radio"]):not([type="file"]), select').filter(
    (control) => !control.matches('button.link, button.sort, [role="menuitem"]') && control.getClientRects().length > 0,
  );
const expectBorders = (el: Element) => {
  const controls = bordered(el);
  expect(controls.length, `<${el.localName}> controls`).to.be.greaterThan(0);
  const canvas = systemColor('Canvas');
  for (const control of controls) {
    const style = getComputedStyle(control);
    const name = `${control.localName}${control.id ? `#${control.id}` : ''} "${control.textContent?.trim() ?? ''}" in <${el.localName}>`;
    expect(style.borderBlockStartStyle, `${name} border`).to.equal('solid');
    expect(parseFloat(style.borderBlockStartWidth), `${name} border width`).to.be.at.least(1);
    expect(style.borderBlockStartColor, `${name} border colour`).to.not.equal(canvas);
    expect(visible(style.borderBlockStartColor), `${name} border colour`).to.equal(true);
  }
};

describe('forced colours', () => {
  before(() => forcedColors('active'));
  after(() => forcedColors('none'));

  it('is emulated', () => {
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
  });

  it('keeps the borders of buttons, inputs and selects and the focus ring in <contact-list>', async () => {
    const el = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list>`);
    await until(() => inShadow(el, 'tbody tr[data-id]').length > 0, 'not loaded');
    expectBorders(el);
    inShadow(el, 'input[type="search"], input')[0]!.focus();
    await sendKeys({ press: 'Tab' });
    const focused = el.shadowRoot!.activeElement!;
    expect(focused, 'Tab moved focus inside the list').to.exist;
    const ring = getComputedStyle(focused);
    expect(ring.outlineStyle).to.equal('solid');
    expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
    expect(ring.outlineColor).to.equal(systemColor('Highlight'));
  });

  it('marks a selected row with the system selection colours and keeps the status dot', async () => {
    const el = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list>`);
    await until(() => inShadow(el, 'tbody tr[data-id]').length > 1, 'not loaded');
    const [row, other] = inShadow<HTMLTableRowElement>(el, 'tbody tr[data-id]');
    row!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await el.updateComplete;
    const name = row!.querySelector('th')!;
    expect(getComputedStyle(name).backgroundColor).to.equal(systemColor('Highlight'));
    expect(getComputedStyle(name).color).to.equal(systemColor('HighlightText'));
    expect(getComputedStyle(other!.querySelector('th')!).backgroundColor).to.not.equal(systemColor('Highlight'));

    const status = other!.querySelector('.status')!;
    expect(status.textContent!.trim(), 'the status is a word, not only a colour').to.not.equal('');
    expect(getComputedStyle(status, '::before').backgroundColor).to.equal(systemColor('CanvasText'));
  });

  it('shows the sorted column with an arrow, not a colour', async () => {
    const el = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient()}></contact-list>`);
    await until(() => inShadow(el, 'tbody tr[data-id]').length > 0, 'not loaded');
    const sorted = inShadow(el, 'th[aria-sort]')[0]!;
    expect(sorted.querySelector('[aria-hidden="true"]')!.textContent).to.match(/[▲▼]/);
    expect(inShadow(el, 'th:not([aria-sort]) button.sort [aria-hidden="true"]')[0]!.textContent).to.equal('↕');
  });

  it('shows marked roles in <role-picker> in the system selection colours', async () => {
    const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
    await until(() => inShadow(el, '#available-list [role="option"]').length > 0, 'roles not loaded');
    expectBorders(el);
    inShadow(el, '#available-list')[0]!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    const marked = inShadow(el, '#available-list [aria-selected="true"]')[0]!;
    expect(getComputedStyle(marked).backgroundColor).to.equal(systemColor('Highlight'));
    expect(getComputedStyle(marked).color).to.equal(systemColor('HighlightText'));
    const small = marked.querySelector('small');
    if (small) expect(getComputedStyle(small).color).to.equal(systemColor('HighlightText'));
    const listbox = getComputedStyle(inShadow(el, '#available-list')[0]!);
    expect(listbox.borderBlockStartStyle).to.equal('solid');
  });

  it('keeps the track and the thumb of the notifications switch apart, on and off', async () => {
    const el = await fixture<ContactForm>(html`<contact-form .client=${new MemoryContactsClient()}></contact-form>`);
    await until(() => el.shadowRoot!.querySelector('#notifications') !== null, 'form not ready');
    expectBorders(el);
    const toggle = inShadow<HTMLInputElement>(el, '#notifications')[0]!;
    for (const checked of [false, true]) {
      toggle.checked = checked;
      const track = getComputedStyle(toggle).backgroundColor;
      const thumb = getComputedStyle(toggle, '::before').backgroundColor;
      expect(thumb, `thumb against track (${checked ? 'on' : 'off'})`).to.not.equal(track);
      expect(visible(thumb)).to.equal(true);
    }
    expect(getComputedStyle(toggle).backgroundColor, 'on and off differ').to.equal(systemColor('Highlight'));
  });

  it('keeps borders in the other elements', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin', exportWriters: exportWriters() });
    const contact = await client.getContact('c-victor');
    for (const template of [
      html`<password-reset .client=${client} .contact=${contact}></password-reset>`,
      html`<login-toggle .client=${client} .contact=${contact}></login-toggle>`,
      html`<user-associate .client=${client} .contact=${await client.getContact('c-00008')}></user-associate>`,
      html`<contact-export .client=${client}></contact-export>`,
      html`<contact-view .client=${client} .contact=${contact}></contact-view>`,
    ]) {
      const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(template);
      await until(() => bordered(el).length > 0, `<${el.localName}> shows no control`);
      expectBorders(el);
    }
  });
});
