import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { ROLE_CATALOGUE } from '@portico/core';
import type { ContactForm } from '../contact-form/contact-form.js';
import type { ContactList } from '../contact-list/contact-list.js';
import type { RolePicker } from '../role-picker/role-picker.js';
import type { ContactView } from '../contact-view/contact-view.js';
import { directionOf, languageName, watchedElementCount } from '../base/locale.js';
import { $, $$, text, until, mount as mountHost, screenshot } from '../test-helpers.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type PorticoStrings } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ja } from './ja.js';
import { LOCALES, loadedStringsFor, localeKeyFor, stringsFor, whenLocaleLoaded } from './strings.js';
import '../define-all.js';

// A missing or extra key in any locale fails the typecheck, not only this test.
const typed: Record<string, PorticoStrings> = { en, de, fr, es, ja, ar };

/** Arguments that fit any string function: counts are numbers, everything else text. */
const sampleArgs = (fn: (...args: never[]) => unknown, count: number): unknown[] => {
  const source = fn.toString();
  const numeric = /count|done|total|rows|valid|invalid|line|min/;
  const names = (source.match(/^\s*\(?([^)=]*)\)?\s*=>/)?.[1] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  return names.map((name) =>
    name === 'counts'
      ? { created: count, updated: count, skipped: count, invalid: count, failed: count }
      : numeric.test(name) && !/from|to/.test(name)
        ? count
        : `«${name}»`,
  );
};

/** Paths to every leaf; keys may contain dots (`contact.delete`), so a path is an array. */
const pathsOf = (value: object, prefix: string[] = []): string[][] =>
  Object.entries(value).flatMap(([key, entry]) =>
    entry && typeof entry === 'object' ? pathsOf(entry as object, [...prefix, key]) : [[...prefix, key]],
  );
const at = (value: unknown, path: string[]) => path.reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], value);

/**
 * One microtask lets the shared MutationObserver deliver, then the element renders; once the
 * locale it asked for has loaded, it renders again.
 */
const settle = async (...elements: { updateComplete: Promise<boolean>; locale: string }[]) => {
  await Promise.resolve();
  await Promise.all(elements.map((el) => el.updateComplete));
  await Promise.all(elements.map((el) => whenLocaleLoaded(el.locale)));
  await Promise.all(elements.map((el) => el.updateComplete));
};

/** The element a template renders, in a page-level host that `mount()` removes after the test (not fixture(): see there). */
const mount = <T extends Element = HTMLDivElement>(template: TemplateResult): T => mountHost(template).firstElementChild as T;

const client = () => new MemoryContactsClient({ viewer: 'admin' });
const listReady = (el: ContactList) =>
  until(() => el.shadowRoot!.querySelector('tbody tr[data-id]') !== null, 'the list did not load');
const formReady = (el: ContactForm) => until(() => el.shadowRoot!.querySelector('#accountId') !== null, 'form not ready');
const pickerReady = (el: RolePicker) => until(() => el.shadowRoot!.querySelector('fieldset') !== null, 'roles not loaded');
const headers = (el: ContactList) => $$(el, 'thead th').map((th) => text(th).replace(/[▲▼↕]/g, '').trim());
const labelOf = (el: Element, field: string) => text(el.shadowRoot!.querySelector(`label[for="${field}"]`));

const three = async (lang: string) => {
  const c = client();
  const container = mount(html`<div lang=${lang}>
    <contact-list .client=${c}></contact-list>
    <contact-form .client=${c}></contact-form>
    <role-picker .roles=${ROLE_CATALOGUE}></role-picker>
  </div>`);
  const list = container.querySelector<ContactList>('contact-list')!;
  const form = container.querySelector<ContactForm>('contact-form')!;
  const picker = container.querySelector<RolePicker>('role-picker')!;
  await Promise.all([listReady(list), formReady(form), pickerReady(picker)]);
  await settle(list, form, picker);
  return { container, list, form, picker };
};

describe('locales', () => {
  it('has every key of English in every locale, with the same kinds of values', () => {
    const english = pathsOf(en);
    const names = (paths: string[][]) => paths.map((path) => path.join(' / ')).sort();
    expect(Object.keys(LOCALES).sort()).to.deep.equal(['ar', 'de', 'en', 'es', 'fr', 'ja']);
    for (const [locale, strings] of Object.entries(typed)) {
      expect(names(pathsOf(strings)), locale).to.deep.equal(names(english));
      for (const path of english) {
        const value = at(strings, path);
        expect(typeof value, `${locale} ${path.join(' / ')}`).to.equal(typeof at(en, path));
        if (typeof value === 'string') expect(value.length, `${locale} ${path.join(' / ')}`).to.be.greaterThan(0);
      }
    }
  });

  it('writes every count in every locale, with plural rules', () => {
    for (const [locale, strings] of Object.entries(typed)) {
      for (const [key, value] of Object.entries(strings)) {
        if (typeof value !== 'function') continue;
        for (const count of [0, 1, 2, 3, 11, 100]) {
          const fn = value as (...args: unknown[]) => unknown;
          const result = fn(...sampleArgs(fn, count));
          expect(result, `${locale} ${key}(${count})`).to.be.a('string').and.not.equal('');
          expect(String(result), `${locale} ${key}`).not.to.contain('undefined');
        }
      }
    }
    expect(de.resultCount(1)).to.equal('1 Kontakt');
    expect(de.resultCount(2)).to.equal('2 Kontakte');
    expect(fr.resultCount(0)).to.equal('0 contact');
    expect(es.fixErrors(1)).to.equal('Corrija 1 campo.');
    expect(ar.resultCount(2)).to.equal('جهتا اتصال');
    const arabic = new Intl.NumberFormat('ar');
    expect(ar.resultCount(5)).to.equal(`${arabic.format(5)} جهات اتصال`);
    expect(ar.resultCount(11)).to.equal(`${arabic.format(11)} جهة اتصال`);
  });

  it('falls back by language, then to English', () => {
    expect(localeKeyFor('de-CH')).to.equal('de');
    expect(localeKeyFor('fr-CA')).to.equal('fr');
    expect(localeKeyFor('ja-JP')).to.equal('ja');
    expect(localeKeyFor('ar-EG')).to.equal('ar');
    expect(stringsFor('pt-BR')).to.equal(stringsFor('en'));
    expect(stringsFor('not a tag!')).to.equal(stringsFor('en'));
  });

  it('has all of English in use once every element is loaded: each adds its part', () => {
    // This page loaded define-all. A key missing here is in a part no element adds.
    const inUse = stringsFor('en');
    expect(inUse).not.to.equal(en);
    expect(Object.keys(inUse).sort()).to.deep.equal(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof PorticoStrings)[]) expect(inUse[key], key).to.equal(en[key]);
  });

  it('loads a locale once, on demand, and resolves whenLocaleLoaded with its strings', async () => {
    const [first, second] = await Promise.all([whenLocaleLoaded('ja-JP'), whenLocaleLoaded('ja')]);
    expect(first).to.equal(ja);
    expect(second).to.equal(first);
    expect(loadedStringsFor('ja')).to.equal(ja);
    expect(stringsFor('ja-JP')).to.equal(ja);
    expect(await whenLocaleLoaded('pt-BR')).to.equal(stringsFor('en'));
  });

  // Runs before the tests below load French and Spanish (the cache lives as long as the page).
  it('keeps the text it has until a locale arrives, and shows English, once, when one fails to load', async () => {
    const loaders = LOCALES as Record<string, () => Promise<PorticoStrings>>;
    const [loadFr, loadEs] = [loaders.fr!, loaders.es!];
    let release = (): void => {};
    let esCalls = 0;
    loaders.fr = () => new Promise((resolve) => (release = () => resolve(fr)));
    loaders.es = () => {
      esCalls += 1;
      return Promise.reject(new Error('chunk missing'));
    };
    try {
      const el = await fixture<RolePicker>(html`<role-picker lang="de" .roles=${ROLE_CATALOGUE}></role-picker>`);
      await pickerReady(el);
      await settle(el);
      expect(text($(el, 'legend'))).to.equal('Rollen');

      el.lang = 'fr';
      await Promise.resolve();
      await el.updateComplete;
      expect(loadedStringsFor('fr')).to.equal(undefined);
      expect(text($(el, 'legend'))).to.equal('Rollen');
      release();
      await settle(el);
      expect(text($(el, 'legend'))).to.equal('Rôles');

      el.lang = 'es';
      await settle(el);
      expect(text($(el, '[data-move="add"]'))).to.contain('Add');
      // The element tried once (settle's whenLocaleLoaded once more); rendering again retries nothing.
      const calls = esCalls;
      el.requestUpdate();
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      expect(esCalls).to.equal(calls);
    } finally {
      loaders.fr = loadFr;
      loaders.es = loadEs;
    }
  });
});

describe('language at runtime', () => {
  it('renders the list, the form and the role picker in the language of the nearest lang and follows its changes', async () => {
    const { container, list, form, picker } = await three('en');
    expect(headers(list)).to.include('Name');
    expect(text($(form, 'h2'))).to.equal('New contact');
    expect(labelOf(form, 'firstName')).to.contain('First name');
    expect(text($(picker, 'legend'))).to.equal('Roles');

    container.lang = 'de';
    await settle(list, form, picker);
    expect(headers(list)).to.include('Position');
    expect(text($(list, 'caption'))).to.equal('Kontakte');
    expect(text($(form, 'h2'))).to.equal('Neuer Kontakt');
    expect(labelOf(form, 'firstName')).to.contain('Vorname');
    expect(text($(picker, 'legend'))).to.equal('Rollen');
    expect(text($(picker, '[data-move="add"]'))).to.contain('Hinzufügen');

    container.lang = 'ja';
    await settle(list, form, picker);
    expect(text($(form, 'h2'))).to.equal('新しい連絡先');
    expect(text($(picker, 'legend'))).to.equal('ロール');
    expect(headers(list)).to.include('氏名');
  });

  it('translates titles and the catalogue\'s roles, and writes lists with the language\'s punctuation', async () => {
    const c = client();
    const alice = await c.getContact('c-alice');
    const contact = { ...alice, roles: ['billing', 'reports'] };
    const container = mount(html`<div lang="de">
      <contact-view .client=${c} .contact=${contact}></contact-view>
      <contact-form .client=${c} contact-id="c-alice"></contact-form>
      <contact-list .client=${c}></contact-list>
      <role-picker .roles=${ROLE_CATALOGUE}></role-picker>
    </div>`);
    const view = container.querySelector<ContactView>('contact-view')!;
    const form = container.querySelector<ContactForm>('contact-form')!;
    const list = container.querySelector<ContactList>('contact-list')!;
    const picker = container.querySelector<RolePicker>('role-picker')!;
    const dd = (label: string) => text($$(view, 'dt').find((dt) => text(dt) === label)?.nextElementSibling);
    await Promise.all([formReady(form), listReady(list), pickerReady(picker)]);
    await settle(view, form, list, picker);
    await until(() => dd('Rollen') !== '—', 'the view did not load its roles');

    expect(text($(view, 'h2'))).to.equal('Frau Alice Martin');
    expect(dd('Anrede')).to.equal('Frau');
    expect(dd('Rollen')).to.equal('Abrechnung, Berichte');
    const honorific = $<HTMLSelectElement>(form, '#honorific');
    expect(honorific.selectedOptions[0]?.textContent).to.equal('Frau (Ms)');
    expect([...honorific.options].map((option) => option.textContent)).to.include.members(['Herr', 'Dr.', 'Prof.']);
    const titles = $$(list, 'tbody td[data-label="Anrede"]').map(text).filter(Boolean);
    expect(titles).to.include('Frau');
    expect(titles.filter((title) => !['Herr', 'Frau', 'Dr.', 'Prof.', 'Mx'].includes(title))).to.deep.equal([]);
    expect($$(picker, '[part="option"] span, [part="permission-sets"] label > span').map(text)).to.include.members(['Abrechnung', 'Kundenadministrator', 'Kontakte bearbeiten']);
    expect(text($(picker, '[part="option"] small'))).not.to.match(/[A-Z][a-z]+ [a-z]+ the /);
    await screenshot('i18n-titles-roles-de');

    container.lang = 'ar';
    await settle(view, form, list, picker);
    expect(text($(view, 'h2'))).to.equal('السيدة Alice Martin');
    // Arabic's own list punctuation (and conjunction), never the Latin comma of a join(', ').
    expect(dd('الأدوار')).to.equal(new Intl.ListFormat('ar', { type: 'unit', style: 'short' }).format(['الفوترة', 'التقارير']));
    expect(dd('الأدوار')).not.to.contain(',');
    // The form's language field names the contact's language in the page's language now.
    expect($<HTMLInputElement>(form, '#language').value).to.equal(languageName(alice.language!, 'ar'));
    await screenshot('i18n-titles-roles-ar');

    container.lang = 'ja';
    await settle(view, form, list, picker);
    expect(text($(view, 'h2'))).to.match(/ 様$/);
  });

  it('keeps the names of a host\'s own roles and takes their translations from the i18n property', async () => {
    const roles = [
      { id: 'billing', name: 'Invoices', description: 'The host calls it so.', kind: 'permission_set' as const },
      { id: 'fleet', name: 'Fleet', description: 'Manages vehicles.', kind: 'role' as const },
    ];
    const picker = await fixture<RolePicker>(
      html`<role-picker lang="de" .roles=${roles} .i18n=${{ roleTexts: { fleet: { name: 'Fuhrpark', description: 'Verwaltet Fahrzeuge.' } } }}></role-picker>`,
    );
    await pickerReady(picker);
    await settle(picker);
    expect($$(picker, '[part="option"] span, [part="permission-sets"] label > span').map(text)).to.have.members(['Invoices', 'Fuhrpark']);
  });

  it('follows lang on <html> when no nearer element has one', async () => {
    const previous = document.documentElement.getAttribute('lang');
    const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
    await pickerReady(el);
    try {
      document.documentElement.lang = 'es';
      await settle(el);
      expect(text($(el, 'legend'))).to.equal('Roles');
      expect(text($(el, '[data-move="add"]'))).to.contain('Añadir');
      document.documentElement.lang = 'fr-CA';
      await settle(el);
      expect(text($(el, '[data-move="add"]'))).to.contain('Ajouter');
    } finally {
      if (previous === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', previous);
    }
  });

  it('finds lang across shadow roots and follows changes inside them', async () => {
    const host = mount(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<section lang="fr"><role-picker></role-picker></section>';
    const picker = root.querySelector<RolePicker>('role-picker')!;
    picker.roles = ROLE_CATALOGUE;
    await pickerReady(picker);
    await settle(picker);
    expect(text($(picker, 'legend'))).to.equal('Rôles');
    root.querySelector('section')!.lang = 'de-CH';
    await settle(picker);
    expect(text($(picker, 'legend'))).to.equal('Rollen');
  });

  it('writes the validation messages of the form in its language', async () => {
    const c = client();
    const container = mount(html`<div lang="de"><contact-form .client=${c}></contact-form></div>`);
    const form = container.querySelector<ContactForm>('contact-form')!;
    await formReady(form);
    await settle(form);
    for (const [field, value] of Object.entries({ email: 'keine-adresse', businessPhone: 'ruf mich an' })) {
      const input = $<HTMLInputElement>(form, `#${field}`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(() => form.shadowRoot!.querySelector('#email-error') !== null, 'no errors shown');
    expect(text($(form, '[role="alert"]'))).to.contain('Bitte korrigieren Sie 4 Felder.');
    expect(text($(form, '#firstName-error'))).to.equal('Vorname ist ein Pflichtfeld.');
    expect(text($(form, '#email-error'))).to.equal('Geben Sie eine E-Mail-Adresse wie name@example.com ein.');
    expect(text($(form, '#businessPhone-error'))).to.contain('Telefonnummer');

    container.lang = 'ar';
    await settle(form);
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(() => text(form.shadowRoot!.querySelector('#firstName-error')) === 'الاسم الأول مطلوب.', 'errors not in Arabic');
    await expect(form).to.be.accessible();
  });

  it('uses German for de-CH and keeps the region for formatting', async () => {
    const c = client();
    const el = await fixture<ContactList>(html`<contact-list lang="de-CH" .client=${c}></contact-list>`);
    await listReady(el);
    await settle(el);
    expect(text($(el, 'caption'))).to.equal('Kontakte');
    expect(el.locale).to.equal('de-CH');
    expect($(el, 'label[for="search"]').textContent).to.contain('Kontakte durchsuchen');
  });

  it('lets the i18n property override single strings in any locale', async () => {
    const el = await fixture<RolePicker>(
      html`<role-picker lang="de" .roles=${ROLE_CATALOGUE} .i18n=${{ rolesLabel: 'Berechtigungsgruppen' }}></role-picker>`,
    );
    await pickerReady(el);
    await settle(el);
    expect(text($(el, 'legend'))).to.equal('Berechtigungsgruppen');
    expect(text($(el, '[data-move="add"]'))).to.contain('Hinzufügen');
  });

  it('stops watching an element once it is disconnected', async () => {
    const before = watchedElementCount();
    const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
    expect(watchedElementCount()).to.equal(before + 1);
    el.remove();
    expect(watchedElementCount()).to.equal(before);
  });
});

describe('right to left', () => {
  it('lays Arabic out right to left and mirrors the arrows', async () => {
    const { container, list, form, picker } = await three('ar');
    for (const el of [list, form, picker]) {
      expect(el.shadowRoot!.querySelector('.portico-root')!.getAttribute('dir'), el.localName).to.equal('rtl');
    }
    expect(getComputedStyle($(list, 'table')).direction).to.equal('rtl');
    expect(getComputedStyle($(form, 'form')).direction).to.equal('rtl');
    expect(text($(form, 'h2'))).to.equal('جهة اتصال جديدة');
    const arrows = $$(picker, '.arrow');
    expect(arrows).to.have.length(4);
    for (const arrow of arrows) expect(getComputedStyle(arrow).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    // Add stands on the side of Selected, which in right to left is the left.
    const add = $(picker, '[data-move="add"]').getBoundingClientRect();
    const available = $(picker, '#available-list').getBoundingClientRect();
    expect(add.left).to.be.lessThan(available.left);

    container.lang = 'en';
    await settle(list, form, picker);
    expect(getComputedStyle($(list, 'table')).direction).to.equal('ltr');
    expect(getComputedStyle($$(picker, '.arrow')[0]!).transform).to.equal('none');
  });

  it('takes the nearer of dir and lang', async () => {
    const outer = mount(html`<div dir="rtl"><p lang="en"><span></span></p><p><span></span></p></div>`);
    const [inner, plain] = [...outer.querySelectorAll('span')];
    expect(directionOf(inner!)).to.equal('ltr');
    expect(directionOf(plain!)).to.equal('rtl');
    const hebrew = mount(html`<div lang="he-IL"><span></span></div>`);
    expect(directionOf(hebrew.querySelector('span')!)).to.equal('rtl');
    const ltrOverride = mount(html`<div lang="ar" dir="ltr"><span></span></div>`);
    expect(directionOf(ltrOverride.querySelector('span')!)).to.equal('ltr');
  });

  it('is accessible in Arabic', async () => {
    const { list, form, picker } = await three('ar');
    await expect(list).to.be.accessible();
    await expect(form).to.be.accessible();
    await expect(picker).to.be.accessible();
  });
});
