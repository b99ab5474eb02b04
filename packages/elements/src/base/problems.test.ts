import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactsError, ERROR_CODES } from '@portico/core';
import type { ContactForm } from '../contact-form/contact-form.js';
import type { ContactImport } from '../contact-import/contact-import.js';
import type { ContactList } from '../contact-list/contact-list.js';
import type { PasswordReset } from '../password-reset/password-reset.js';
import { de } from '../i18n/de.js';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { ar } from '../i18n/ar.js';
import { ja } from '../i18n/ja.js';
import { es } from '../i18n/es.js';
import { $, failOnce, text, until, mount as mountHost } from '../test-helpers.js';
import { fieldErrorMessage, problemMessage } from './problems.js';
import '../define-all.js';

/** The element a template renders, in a page-level host that `mount()` removes after the test (not fixture(): see there). */
const mount = <T extends Element = HTMLDivElement>(template: TemplateResult): T => mountHost(template).firstElementChild as T;

describe('messages of problems', () => {
  it('has a message for every error code in every language, not English in the others', () => {
    for (const strings of [de, fr, es, ja, ar]) {
      for (const code of ERROR_CODES) {
        expect(strings.problems[code], code).to.be.a('string').and.not.equal(en.problems[code]);
      }
    }
  });

  it('shows the server\'s text on an English page and a local one for a known code elsewhere', () => {
    const error = new ContactsError('The server is down.', { code: 'server', status: 500 });
    expect(problemMessage(error, en, 'en-GB', '')).to.equal('The server is down.');
    expect(problemMessage(error, de, 'de', '')).to.equal(de.problems.server);
    expect(problemMessage(new Error('plain'), de, 'de', '')).to.equal('plain');
    expect(problemMessage(new ContactsError('', { code: 'timeout' }), en, 'en', '')).to.equal(en.problems.timeout);
    expect(problemMessage('not an error', de, 'de', 'fallback')).to.equal('fallback');
  });

  it('shows a client set up wrong (no API at its base URL) as the adapter says it, in every language', () => {
    const message = 'GET https://cms.example/wrong/contacts answered 404 Not Found: there is no Portico API at https://cms.example/wrong/. Check base-url.';
    const wrongBase = new ContactsError(message, { code: 'not_found', status: 404, configuration: true });
    for (const [strings, locale] of [[en, 'en'], [de, 'de'], [ja, 'ja']] as const) expect(problemMessage(wrongBase, strings, locale, '')).to.equal(message);
    // A record that is gone is the API's own 404: in the page's language.
    expect(problemMessage(new ContactsError('Contact not found.', { code: 'not_found', status: 404 }), de, 'de', '')).to.equal(de.problems.not_found);
  });

  it('writes field errors of the server and of core in the page\'s language, keeping unknown ones', () => {
    expect(fieldErrorMessage({ field: 'userId', code: 'taken', message: 'This user ID is already taken.' }, de)).to.equal('Benutzer-ID: bereits vergeben. Wählen Sie einen anderen Wert.'.replace('Benutzer-ID', de.fields.userId));
    expect(fieldErrorMessage({ field: 'email', code: 'invalid_format', message: 'Invalid email' }, fr)).to.equal(fr.validation.email);
    expect(fieldErrorMessage({ field: 'lastName', code: 'too_big', message: 'too long' }, es)).to.equal(es.validation.tooLong(es.fields.lastName, 100));
    expect(fieldErrorMessage({ field: 'password', code: 'too_small', message: 'short' }, ja)).to.equal(ja.passwordTooShort(12));
    expect(fieldErrorMessage({ field: 'x', code: 'something_new', message: 'As the server says.' }, ar)).to.equal('As the server says.');
  });

  it('tells a German user in German that the list could not be loaded, and an English one what the server said', async () => {
    const german = new MemoryContactsClient();
    failOnce(german, 'listContacts');
    const wrapper = mount(html`<div lang="de"><contact-list .client=${german}></contact-list></div>`);
    const el = wrapper.querySelector<ContactList>('contact-list')!;
    await until(() => el.shadowRoot!.querySelector('tbody [role="alert"]') !== null && text($(el, 'tbody [role="alert"]')).includes(de.problems.server), 'no German error');
    expect(text($(el, 'tbody [role="alert"]'))).to.not.contain('The server is down.');

    const english = new MemoryContactsClient();
    failOnce(english, 'listContacts');
    const el2 = await fixture<ContactList>(html`<contact-list .client=${english}></contact-list>`);
    await until(() => el2.shadowRoot!.querySelector('tbody [role="alert"]') !== null, 'no error');
    expect(text($(el2, 'tbody [role="alert"]'))).to.contain('The server is down.');
  });

  it('puts the server\'s field errors beside the fields in French', async () => {
    const client = new MemoryContactsClient();
    client.createContact = () =>
      Promise.reject(
        new ContactsError('The request has invalid fields.', {
          code: 'validation',
          status: 400,
          fieldErrors: [{ field: 'email', message: 'Enter an email address like name@example.com.', code: 'invalid_format' }],
        }),
      );
    const wrapper = mount(html`<div lang="fr"><contact-form .client=${client}></contact-form></div>`);
    const form = wrapper.querySelector<ContactForm>('contact-form')!;
    await until(() => form.shadowRoot!.querySelector('#email') !== null && text($(form, 'label[for="email"]')).startsWith(fr.fields.email), 'form not in French');
    for (const [field, value] of Object.entries({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })) {
      const input = $<HTMLInputElement>(form, `#${field}`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(() => form.shadowRoot!.querySelector('#email-error') !== null, 'no field error');
    expect(text($(form, '#email-error'))).to.equal(fr.validation.email);
  });

  it('names the field holding an invisible character in the page\'s language, from the form and from the server', async () => {
    const wrapper = mount(html`<div lang="de"><contact-form .client=${new MemoryContactsClient()}></contact-form></div>`);
    const form = wrapper.querySelector<ContactForm>('contact-form')!;
    await until(() => form.shadowRoot!.querySelector('#firstName') !== null && text($(form, 'label[for="firstName"]')).startsWith(de.fields.firstName), 'form not in German');
    for (const [field, value] of Object.entries({ firstName: 'Ada\u202Eecalevol', lastName: 'Lovelace', email: 'ada@example.com' })) {
      const input = $<HTMLInputElement>(form, `#${field}`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(() => form.shadowRoot!.querySelector('#firstName-error') !== null, 'no field error');
    expect(text($(form, '#firstName-error'))).to.equal(de.validation.invisible(de.fields.firstName));
    const fromServer = { field: 'jobTitle', code: 'invisible_characters', message: 'Job title must not contain invisible characters such as direction marks or zero-width spaces.' };
    expect(fieldErrorMessage(fromServer, fr)).to.equal(fr.validation.invisible(fr.fields.jobTitle));
  });

  it('explains a short password in the page\'s language', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const contact = await client.getContact('c-victor');
    const wrapper = mount(html`<div lang="es"><password-reset .client=${client} .contact=${contact}></password-reset></div>`);
    const el = wrapper.querySelector<PasswordReset>('password-reset')!;
    await until(() => el.shadowRoot!.querySelector('input[name="mode"][value="set"]') !== null && text($(el, 'fieldset.modes legend')) === es.passwordProcedure, 'not ready in Spanish');
    $<HTMLInputElement>(el, 'input[name="mode"][value="set"]').click();
    await el.updateComplete;
    $<HTMLInputElement>(el, 'input[name="confirm"]').click();
    await el.updateComplete;
    const input = $<HTMLInputElement>(el, '#password');
    input.value = 'short';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(() => el.shadowRoot!.querySelector('#password-error') !== null, 'no error');
    expect(text($(el, '#password-error'))).to.equal(es.passwordTooShort(12));
  });

  it('lists the errors of imported rows in the page\'s language', async () => {
    const client = new MemoryContactsClient();
    const wrapper = mount(html`<div lang="de"><contact-import .client=${client}></contact-import></div>`);
    const el = wrapper.querySelector<ContactImport>('contact-import')!;
    await until(() => el.activeViewer !== undefined, 'no viewer');
    const file = ['First name,Surname,E-mail,Company,Notifications', 'Ada,Lovelace,not-an-email,Acme Europe,vielleicht'].join('\r\n');
    await el.load(new File([file], 'contacts.csv', { type: 'text/csv' }));
    await until(() => el.shadowRoot!.querySelector('[part="errors"]') !== null, 'no errors');
    const errors = text($(el, '[part="errors"]'));
    expect(errors).to.contain(`${de.fields.email}: ${de.validation.email}`);
    expect(errors).to.contain(`${de.fields.notifications}: ${de.fieldProblems.yesOrNo}`);
    expect(errors).to.not.match(/Write yes|Invalid/);
  });
});
