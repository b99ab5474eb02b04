import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactView } from './contact-view.js';
import { $, $$, text, until } from '../test-helpers.js';
import '../define-all.js';

const actions = (el: ContactView) => $$(el, '[part="actions"] button').map((button) => text(button));

describe('<contact-view>', () => {
  it('shows every field, the roles, the login and the allowed actions', async () => {
    const client = new MemoryContactsClient({ latency: 100 });
    const el = await fixture<ContactView>(html`<contact-view .client=${client} contact-id="c-victor"></contact-view>`);
    expect(text(el.shadowRoot!.querySelector('[aria-busy="true"]'))).to.contain('Loading');
    await expect(el).to.be.accessible();
    await until(() => el.shadowRoot!.querySelector('dl') !== null, 'not loaded');
    await until(() => actions(el).includes('Edit'), 'no actions');
    const fields = text($(el, 'dl'));
    expect(fields).to.contain('Victor').and.contain('Engineer').and.contain('American English').and.contain('Billing');
    expect(fields).to.contain('Active');
    expect($(el, 'a[href^="mailto:"]')).to.exist;
    expect(actions(el)).to.include.members(['Edit', 'Delete', 'Disable login', 'Assign roles']);
    await expect(el).to.be.accessible();
    const action = oneEvent(el, 'contact-action');
    $$<HTMLButtonElement>(el, '[part="actions"] button').find((button) => text(button) === 'Edit')!.click();
    expect((await action).detail.action).to.equal('contact.update');
  });

  it('shows what the login waits for and since when: an invitation not yet accepted, a password to change at next sign-in', async function () {
    // Four pages, each checked with axe, one in German (its strings load first).
    this.timeout(20_000);
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const created = await client.createContact({ accountId: 'acme', firstName: 'Nadia', lastName: 'Okafor', email: 'nadia.okafor@acme.example' });
    await client.createLogin(created.id);
    await client.resetPassword('c-victor', { mode: 'temporary' });
    const pendingOf = async (id: string, lang = 'en', shows = '') => {
      // The element itself carries the language: a fixture of a plain <div> waits for an animation
      // frame, which a page in the background of the whole run never gets.
      const el = await fixture<ContactView>(html`<contact-view lang=${lang} .client=${client} contact-id=${id}></contact-view>`);
      await until(() => el.shadowRoot!.querySelector('dl') !== null && text($(el, 'dl')).includes(shows), 'not loaded');
      await expect(el).to.be.accessible();
      return text(el.shadowRoot!.querySelector('[part="pending"]'));
    };
    // When, as the page's language writes a date and time.
    const when = async (id: string, locale: string) => {
      const issued = (await client.getContact(id)).login.passwordChangeRequiredAt;
      expect(issued, `${id} records since when`).to.be.a('string');
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(issued!));
    };
    expect(await pendingOf(created.id)).to.equal(`Invitation sent ${await when(created.id, 'en')}, not yet accepted`);
    expect(await pendingOf('c-victor')).to.equal(`Must change password at next sign-in (password issued ${await when('c-victor', 'en')})`);
    expect(await pendingOf('c-victor', 'de', 'Passwort')).to.equal(`Muss das Passwort bei der nächsten Anmeldung ändern (Passwort vergeben am ${await when('c-victor', 'de')})`);
    expect(await pendingOf('c-carlos')).to.equal('');
  });

  it('shows the pending state without a date where the client does not record one', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    await client.resetPassword('c-victor', { mode: 'temporary' });
    const contact = await client.getContact('c-victor');
    // As an adapter of another back end gives it: the field absent.
    const login = { ...contact.login };
    delete login.passwordChangeRequiredAt;
    const el = await fixture<ContactView>(html`<contact-view .client=${client} .contact=${{ ...contact, login }}></contact-view>`);
    await until(() => el.shadowRoot!.querySelector('[part="pending"]') !== null, 'no pending state');
    expect(text($(el, '[part="pending"]'))).to.equal('Must change password at next sign-in');
  });

  it('offers a contact without admin roles nothing but reading', async () => {
    const client = new MemoryContactsClient({ viewer: 'contact' });
    const el = await fixture<ContactView>(html`<contact-view .client=${client} contact-id="c-carlos"></contact-view>`);
    await until(() => el.shadowRoot!.querySelector('dl') !== null, 'not loaded');
    await until(() => el.activeViewer !== undefined, 'no viewer');
    await el.updateComplete;
    expect(actions(el)).to.deep.equal([]);
  });

  it('shows a load error with Retry', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactView>(html`<contact-view .client=${client} contact-id="c-nobody"></contact-view>`);
    await until(() => el.shadowRoot!.querySelector('[role="alert"]') !== null, 'no error');
    expect(text($(el, '[role="alert"]'))).to.contain('could not be loaded');
    await expect(el).to.be.accessible();
  });
});
