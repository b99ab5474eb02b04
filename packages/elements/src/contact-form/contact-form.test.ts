import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactsError, LIMITS, type Contact } from '@portico/core';
import type { ContactForm } from './contact-form.js';
import { $, $$, failOnce, text, until, screenshot } from '../test-helpers.js';
import '../define-all.js';

const ready = (el: ContactForm) =>
  until(() => el.shadowRoot!.querySelector('form') !== null && el.shadowRoot!.querySelector('#accountId') !== null, 'form not ready');
const fill = async (el: ContactForm, values: Record<string, string>) => {
  for (const [field, value] of Object.entries(values)) {
    const input = $<HTMLInputElement | HTMLSelectElement>(el, `#${field}`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
};
const submit = async (el: ContactForm) => {
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await el.updateComplete;
};
const active = (el: ContactForm) => el.shadowRoot!.activeElement as HTMLElement | null;

describe('<contact-form>', () => {
  it('creates a contact in the viewer account by default', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    expect(text($(el, 'h2'))).to.equal('New contact');
    expect($<HTMLSelectElement>(el, '#accountId').value).to.equal('acme');
    expect(el.shadowRoot!.querySelector('#userId')).to.equal(null);
    expect($(el, '#notifications').getAttribute('role')).to.equal('switch');
    await expect(el).to.be.accessible();

    $<HTMLInputElement>(el, '#firstName').focus();
    await sendKeys({ type: 'Nora' });
    await fill(el, { lastName: 'Quist', email: 'nora.quist@acme.example', language: 'German (Germany)', timeZone: 'Europe/Berlin', accountId: 'acme-de', honorific: 'Ms' });
    const save = oneEvent(el, 'contact-save');
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await save).detail.mode).to.equal('create');
    const { detail } = await saved;
    expect(detail.created).to.equal(true);
    expect(detail.contact).to.include({ firstName: 'Nora', lastName: 'Quist', language: 'de-DE', timeZone: 'Europe/Berlin', accountId: 'acme-de', honorific: 'Ms' });
    const stored = await client.getContact(detail.contact.id);
    expect(stored.email).to.equal('nora.quist@acme.example');
    // After creation the form edits the new contact and shows its user ID (seed 000).
    await until(() => el.shadowRoot!.querySelector('#userId') !== null, 'no user ID after create');
    expect($<HTMLInputElement>(el, '#userId').value).to.equal(stored.userId ?? '');
    await expect(el).to.be.accessible();
  });

  it('names the invalid fields and focuses the first one', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    let saves = 0;
    el.addEventListener('contact-save', () => saves++);
    await fill(el, { email: 'not-an-email', businessPhone: 'call me' });
    await submit(el);
    await el.updateComplete;
    const alert = text($(el, '[role="alert"]'));
    expect(alert).to.contain('Please correct 4 fields');
    for (const field of ['First name', 'Last name', 'Email', 'Business phone']) expect(alert).to.contain(field);
    expect(active(el)?.id).to.equal('firstName');
    const email = $<HTMLInputElement>(el, '#email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(email.getAttribute('aria-describedby')).to.contain('email-error');
    expect(text($(el, '#email-error'))).to.contain('Enter an email address');
    expect(saves).to.equal(0);
    await expect(el).to.be.accessible();

    await fill(el, { firstName: 'Ann', lastName: 'Lee', businessPhone: '' });
    await submit(el);
    await el.updateComplete;
    expect(active(el)?.id).to.equal('email');
    expect($<HTMLInputElement>(el, '#firstName').getAttribute('aria-invalid')).to.equal('false');

    // An empty e-mail is missing, not malformed (spaces only count as empty).
    await fill(el, { email: '  ' });
    await submit(el);
    await el.updateComplete;
    expect(text($(el, '#email-error'))).to.equal('Email is required.');
    expect(saves).to.equal(0);
  });

  it('clears an error the moment its field is valid, without a submit', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    await fill(el, { firstName: 'Ann', lastName: 'Lee' });
    const email = $<HTMLInputElement>(el, '#email');
    email.focus();
    await sendKeys({ type: 'ann.lee@' });
    await el.updateComplete;
    // Nothing is shown while typing before the first submit.
    expect(el.shadowRoot!.querySelector('#email-error') === null, 'no error while typing').to.equal(true);
    expect(email.getAttribute('aria-invalid')).to.equal('false');
    await submit(el);
    await el.updateComplete;
    expect(text($(el, '#email-error'))).to.contain('Enter an email address');
    expect(text($(el, '[role="alert"]'))).to.contain('Please correct 1 field').and.contain('Email');
    expect($$(el, '[role="alert"] a[href="#email"]').length).to.equal(1);
    expect(active(el)?.id).to.equal('email');

    let saves = 0;
    el.addEventListener('contact-save', () => saves++);
    await sendKeys({ type: 'acme.example' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#email-error') === null, 'the error is gone').to.equal(true);
    expect(email.getAttribute('aria-invalid')).to.equal('false');
    expect(email.hasAttribute('aria-describedby')).to.equal(false);
    expect($$(el, '[role="alert"] a').length).to.equal(0);
    expect(text($(el, '[role="alert"]'))).to.equal('');
    expect(saves).to.equal(0);
    await expect(el).to.be.accessible();

    // Once it has shown an error, the field says at once when it is wrong again.
    await sendKeys({ type: ' x' });
    await el.updateComplete;
    expect(text($(el, '#email-error'))).to.contain('Enter an email address');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(text($(el, '[role="alert"]'))).to.contain('Please correct 1 field');
  });

  it('takes required fields and maximum lengths from core\'s schema', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} contact-id="c-victor"></contact-form>`);
    await ready(el);
    const maxLength = (field: string) => $<HTMLInputElement>(el, `#${field}`).getAttribute('maxlength');
    expect(maxLength('firstName')).to.equal(String(LIMITS.name));
    expect(maxLength('lastName')).to.equal(String(LIMITS.name));
    expect(maxLength('jobTitle')).to.equal(String(LIMITS.jobTitle));
    expect(maxLength('email')).to.equal(String(LIMITS.email));
    expect(maxLength('businessPhone')).to.equal(String(LIMITS.phone));
    expect(maxLength('mobilePhone')).to.equal(String(LIMITS.phone));
    expect(maxLength('userId')).to.equal(String(LIMITS.userId));
    // The language field holds a name ("German (Germany)"), not the tag the schema limits.
    expect(maxLength('language')).to.equal(null);
    const required = $$<HTMLInputElement | HTMLSelectElement>(el, 'input[required], select[required]').map((control) => control.id);
    expect(required).to.deep.equal(['firstName', 'lastName', 'email', 'accountId']);
    expect($$(el, 'label .required').length).to.equal(4);
  });

  it('lets the host veto a save', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    await fill(el, { firstName: 'Veto', lastName: 'Test', email: 'veto@acme.example' });
    el.addEventListener('contact-save', (event) => event.preventDefault());
    await submit(el);
    const page = await client.listContacts({ search: 'veto' });
    expect(page.total).to.equal(0);
  });

  it('puts server field errors on the fields and keeps the input', async () => {
    const client = new MemoryContactsClient();
    const contact = await client.getContact('c-victor');
    client.updateContact = () =>
      Promise.reject(
        new ContactsError('The contact is not valid.', {
          code: 'validation',
          status: 422,
          fieldErrors: [{ field: 'email', message: 'This email address is used by another contact.' }],
        }),
      );
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} .contact=${contact}></contact-form>`);
    await ready(el);
    await fill(el, { email: 'taken@acme.example', jobTitle: 'Senior Engineer' });
    await submit(el);
    await until(() => el.shadowRoot!.querySelector('#email-error') !== null, 'no field error');
    expect(text($(el, '#email-error'))).to.equal('This email address is used by another contact.');
    expect(active(el)?.id).to.equal('email');
    expect($<HTMLInputElement>(el, '#email').value).to.equal('taken@acme.example');
    expect($<HTMLInputElement>(el, '#jobTitle').value).to.equal('Senior Engineer');
    await expect(el).to.be.accessible();
  });

  it('keeps the input and shows the message when saving fails', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    await fill(el, { firstName: 'Fail', lastName: 'Once', email: 'fail.once@acme.example' });
    // The create call itself fails (not the search for a duplicate before it).
    failOnce(client, 'createContact', 'induced failure');
    await submit(el);
    await until(() => text($(el, '[role="alert"]')).length > 0, 'no error');
    expect(text($(el, '[role="alert"]'))).to.contain('induced failure');
    expect($<HTMLInputElement>(el, '#firstName').value).to.equal('Fail');
    expect($<HTMLButtonElement>(el, 'button[type="submit"]').disabled).to.equal(false);
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await saved).detail.contact.firstName).to.equal('Fail');
  });

  it('edits with the version and tells when someone else changed the contact', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} contact-id="c-victor"></contact-form>`);
    await ready(el);
    expect(text($(el, 'h2'))).to.equal('Edit contact');
    expect($<HTMLInputElement>(el, '#firstName').value).to.equal('Victor');
    await client.withViewer('customer_admin').updateContact('c-victor', { jobTitle: 'Changed elsewhere' });
    await fill(el, { mobilePhone: '+44 7700 900123' });
    await submit(el);
    await until(() => text($(el, '[role="alert"]')).includes('Someone else changed'), 'no conflict message');
    expect($<HTMLInputElement>(el, '#mobilePhone').value).to.equal('+44 7700 900123');
    await expect(el).to.be.accessible();
    [...$$<HTMLButtonElement>(el, '[role="alert"] button')][0]!.click();
    await until(() => $<HTMLInputElement>(el, '#jobTitle').value === 'Changed elsewhere', 'latest not loaded');
    expect($<HTMLInputElement>(el, '#mobilePhone').value).to.equal('+44 7700 900123');
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    const { detail } = await saved;
    expect(detail.contact).to.include({ mobilePhone: '+44 7700 900123', jobTitle: 'Changed elsewhere' });
  });

  it('asks for a unique user ID when the name is duplicated', async () => {
    const client = new MemoryContactsClient();
    const page = await client.listContacts({ search: 'john smith', pageSize: 10 });
    const withoutId = page.items.find((contact: Contact) => contact.userId === null)!;
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} .contact=${withoutId}></contact-form>`);
    await ready(el);
    await until(() => text(el.shadowRoot!.querySelector('#userId-hint')).includes('same name'), 'no duplicate-name hint');
    expect($<HTMLInputElement>(el, '#userId').value).to.equal('');
    expect($(el, '#userId').getAttribute('aria-describedby')).to.contain('userId-hint');

    $<HTMLInputElement>(el, '#userId').focus();
    await sendKeys({ type: 'john.smith' });
    $<HTMLInputElement>(el, '#lastName').focus();
    await until(() => el.shadowRoot!.querySelector('#userId-error') !== null, 'taken user ID not reported');
    expect(text($(el, '#userId-error'))).to.contain('already in use');
  });

  it('asks before discarding changes on cancel', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    let cancelled = 0;
    el.addEventListener('contact-cancel', () => cancelled++);
    await fill(el, { firstName: 'Draft' });
    expect(el.dirty).to.equal(true);
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).to.equal(true);

    [...$$<HTMLButtonElement>(el, 'button')].find((button) => text(button) === 'Cancel')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(text($(el, '.confirm'))).to.contain('Discard your unsaved changes?');
    expect(active(el)?.id).to.equal('keep-editing');
    expect(cancelled).to.equal(0);
    await expect(el).to.be.accessible();
    const cancel = oneEvent(el, 'contact-cancel');
    [...$$<HTMLButtonElement>(el, '.confirm button')].find((button) => text(button) === 'Discard changes')!.click();
    expect((await cancel).detail.dirty).to.equal(true);
    expect(el.dirty).to.equal(false);
  });

  it('offers only accounts of the contact\'s own company, even to a partner administrator who reaches another', async () => {
    const client = new MemoryContactsClient({ viewer: 'partner_admin' });
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} contact-id="c-victor"></contact-form>`);
    await until(() => $$(el, '#accountId option').length > 1, 'accounts not loaded');
    const offered = $$<HTMLOptionElement>(el, '#accountId option').map((option) => option.value);
    expect(offered).to.have.members(['acme', 'acme-eu', 'acme-de', 'acme-us']);
    const created = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await until(() => $$(created, '#accountId option').length > 1, 'accounts not loaded');
    expect($$<HTMLOptionElement>(created, '#accountId option').map((option) => option.value)).to.include('initech');
  });

  it('finds a time zone by city, country or localised name and offers the zones with their countries and offsets', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    expect($$(el, '#time-zones option')).to.have.length(0);
    $<HTMLInputElement>(el, '#timeZone').focus();
    await el.updateComplete;
    const berlin = $$<HTMLOptionElement>(el, '#time-zones option').find((option) => option.value === 'Europe/Berlin');
    expect(berlin?.label).to.match(/^Berlin, Germany · Central European Time \(UTC\+0[12]:00\)$/);
    // An offset finds zones; one of them is then chosen (UTC+01 alone names several).
    expect($(el, '#timeZone-hint').textContent).to.contain('Berlin').and.contain('then choose a zone from the list');

    await sendKeys({ type: 'Berlin' });
    await screenshot('form-time-zone-berlin');
    await fill(el, { firstName: 'Nora', lastName: 'Quist', email: 'nora.quist@acme.example' });
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await saved).detail.contact.timeZone).to.equal('Europe/Berlin');

    await fill(el, { timeZone: 'new york' });
    const second = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await second).detail.contact.timeZone).to.equal('America/New_York');
  });

  it('takes a country with one time zone in the page\'s language and refuses what names several', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(html`<contact-form lang="de" .client=${client}></contact-form>`);
    await until(() => el.shadowRoot!.querySelector('#accountId') !== null && text($(el, 'button[type="submit"]')) === 'Kontakt anlegen', 'German form not ready');
    $<HTMLInputElement>(el, '#timeZone').focus();
    await el.updateComplete;
    const tokyo = $$<HTMLOptionElement>(el, '#time-zones option').find((option) => option.value === 'Asia/Tokyo');
    expect(tokyo?.label).to.equal('Tokyo, Japan · Japanische Normalzeit (UTC+09:00)');
    await fill(el, { firstName: 'Kenji', lastName: 'Sato', email: 'kenji.sato@acme.example', timeZone: 'UTC+01' });
    await submit(el);
    expect(text($(el, '#timeZone-error'))).to.equal('Wählen Sie eine Zeitzone aus der Liste.');
    await screenshot('form-time-zone-refused-de');
    await fill(el, { timeZone: 'japan' });
    expect(el.shadowRoot!.querySelector('#timeZone-error')).to.equal(null);
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await saved).detail.contact.timeZone).to.equal('Asia/Tokyo');
  });

  it('warns before creating a contact with the name and e-mail of an existing one, links to it and creates on "Create anyway"', async () => {
    const client = new MemoryContactsClient();
    const alice = await client.getContact('c-alice');
    const before = (await client.listContacts({ pageSize: 1 })).total;
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    let saves = 0;
    el.addEventListener('contact-save', () => saves++);
    await fill(el, { firstName: 'alice', lastName: 'MARTIN ', email: alice.email.toUpperCase() });
    await submit(el);
    await until(() => el.shadowRoot!.querySelector('[part="duplicate"]') !== null, 'no duplicate warning');
    const warning = $(el, '[part="duplicate"]');
    expect(warning.getAttribute('role')).to.equal('alert');
    expect(text(warning)).to.contain(`Alice Martin (${alice.email}) is already a contact.`);
    expect(saves).to.equal(0);
    expect((await client.listContacts({ pageSize: 1 })).total).to.equal(before);
    expect(active(el)?.textContent).to.equal('Open Alice Martin');
    await expect(el).to.be.accessible();
    await screenshot('form-duplicate-warning');

    const opened = oneEvent(el, 'contact-open');
    $<HTMLAnchorElement>(el, '[part="duplicate"] a').click();
    expect((await opened).detail.contact.id).to.equal('c-alice');

    const saved = oneEvent(el, 'contact-saved');
    $<HTMLButtonElement>(el, '[part="duplicate"] button').click();
    const { detail } = await saved;
    expect(detail.created).to.equal(true);
    expect(detail.contact.id).not.to.equal('c-alice');
    expect(saves).to.equal(1);
    expect((await client.listContacts({ pageSize: 1 })).total).to.equal(before + 1);
    expect(el.shadowRoot!.querySelector('[part="duplicate"]')).to.equal(null);
  });

  it('does not warn about a namesake with another e-mail, and asks again once a value changed', async () => {
    const client = new MemoryContactsClient();
    const alice = await client.getContact('c-alice');
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await ready(el);
    await fill(el, { firstName: 'Alice', lastName: 'Martin', email: alice.email });
    await submit(el);
    await until(() => el.shadowRoot!.querySelector('[part="duplicate"]') !== null, 'no duplicate warning');
    await fill(el, { email: 'alice.martin@elsewhere.example' });
    expect(el.shadowRoot!.querySelector('[part="duplicate"]')).to.equal(null);
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await saved).detail.contact.email).to.equal('alice.martin@elsewhere.example');
  });

  it('drops the Account error of a save tried before the viewer\'s account was known, once it is', async () => {
    const client = new MemoryContactsClient({ latency: 400 });
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await until(() => el.shadowRoot!.querySelector('#firstName') !== null, 'no fields');
    expect(el.shadowRoot!.querySelector('#accountId'), 'the accounts are still loading').to.equal(null);
    await fill(el, { firstName: 'Nora', lastName: 'Quist', email: 'nora.quist@acme.example' });
    await submit(el);
    await until(() => text($(el, '[part="alert"]')).includes('Account'), 'the early save did not name the missing account');
    await ready(el);
    await until(() => !text($(el, '[part="alert"]')).includes('Account'), 'the Account error stayed beside "Acme Corporation"');
    expect($<HTMLSelectElement>(el, '#accountId').selectedOptions[0]?.textContent).to.equal('Acme Corporation');
    expect($<HTMLInputElement>(el, '#firstName').value, 'nothing typed is lost').to.equal('Nora');
    const saved = oneEvent(el, 'contact-saved');
    await submit(el);
    expect((await saved).detail.contact.accountId).to.equal('acme');
  });

  it('follows --portico-color-accent in checked boxes and --portico-color-link in the error summary', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactForm>(
      html`<contact-form style="--portico-color-accent: rgb(0, 128, 96); --portico-color-link: rgb(128, 0, 128)" .client=${client}></contact-form>`,
    );
    await ready(el);
    await fill(el, { email: 'not-an-email' });
    await submit(el);
    const link = $<HTMLAnchorElement>(el, '[part="alert"] a');
    expect(getComputedStyle(link).color).to.equal('rgb(128, 0, 128)');
    expect(getComputedStyle($(el, '#notifications')).accentColor).to.equal('rgb(0, 128, 96)');
    await screenshot('form-theming-accent-link');
  });
});
