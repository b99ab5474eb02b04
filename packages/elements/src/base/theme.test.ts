import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { render } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { ROLE_CATALOGUE } from '@portico/core';
import type { ContactForm } from '../contact-form/contact-form.js';
import type { RolePicker } from '../role-picker/role-picker.js';
import { $, until } from '../test-helpers.js';
import '../define-all.js';

const WHITE = 'rgb(255, 255, 255)';
const DARK_SURFACE = 'rgb(27, 31, 36)';
const picker = async (attributes = '') => {
  const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
  for (const attribute of attributes.split(' ').filter(Boolean)) {
    const [name, value] = attribute.split('=');
    el.setAttribute(name!, value!);
  }
  await until(() => el.shadowRoot!.querySelector('fieldset') !== null, 'roles not loaded');
  return el;
};
const buttonBackground = (el: RolePicker) => getComputedStyle($(el, '[data-move="add"]')).backgroundColor;

describe('themes', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('stays light on a page that does not declare dark support, whatever the user prefers', async () => {
    const el = await picker();
    expect(buttonBackground(el)).to.equal(WHITE);
    await emulateMedia({ colorScheme: 'dark' });
    expect(buttonBackground(el)).to.equal(WHITE);
  });

  it('follows the colour scheme the user prefers on a page that supports both', async () => {
    const host = document.createElement('div');
    host.style.colorScheme = 'light dark';
    document.body.append(host);
    try {
      render(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`, host);
      const el = host.querySelector<RolePicker>('role-picker')!;
      await until(() => el.shadowRoot!.querySelector('fieldset') !== null, 'roles not loaded');
      expect(buttonBackground(el)).to.equal(WHITE);
      await emulateMedia({ colorScheme: 'dark' });
      expect(buttonBackground(el)).to.equal(DARK_SURFACE);
      expect(getComputedStyle(el).backgroundColor).to.equal(DARK_SURFACE);
      await expect(el).to.be.accessible();
    } finally {
      host.remove();
    }
  });

  it('lets theme="light|dark" and --portico-color-scheme override the preference', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const light = await picker('theme=light');
    expect(buttonBackground(light)).to.equal(WHITE);
    await emulateMedia({ colorScheme: 'light' });
    const dark = await picker('theme=dark');
    expect(buttonBackground(dark)).to.equal(DARK_SURFACE);
    await expect(dark).to.be.accessible();

    const host = document.createElement('div');
    host.style.setProperty('--portico-color-scheme', 'dark');
    document.body.append(host);
    try {
      render(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`, host);
      const inherited = host.querySelector<RolePicker>('role-picker')!;
      await until(() => inherited.shadowRoot!.querySelector('fieldset') !== null, 'roles not loaded');
      expect(buttonBackground(inherited)).to.equal(DARK_SURFACE);
    } finally {
      host.remove();
    }
  });

  it('reflects the theme and density properties for the styles', async () => {
    const el = await picker();
    el.theme = 'dark';
    el.density = 'compact';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(buttonBackground(el)).to.equal(DARK_SURFACE);
    expect(getComputedStyle($(el, '[data-move="add"]')).minBlockSize).to.equal('28px');
    el.density = undefined;
    await el.updateComplete;
    expect(getComputedStyle($(el, '[data-move="add"]')).minBlockSize).to.equal('32px');
  });

  it('stops the switch from sliding when the user prefers reduced motion', async () => {
    const el = await fixture<ContactForm>(html`<contact-form .client=${new MemoryContactsClient()}></contact-form>`);
    await until(() => el.shadowRoot!.querySelector('#notifications') !== null, 'form not ready');
    const thumb = () => parseFloat(getComputedStyle($(el, '#notifications'), '::before').transitionDuration);
    expect(thumb()).to.be.greaterThan(0.1);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(thumb()).to.be.lessThan(0.001);
  });
});
