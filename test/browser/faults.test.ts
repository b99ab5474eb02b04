// Faults (issue 9): the elements against a MemoryContactsClient with induced failures and latency.
// A failed load offers a Retry that works; a failed save keeps what was typed, says why, never
// spins forever, and a retry creates exactly one contact (the idempotency key is reused); a 412
// on update shows the conflict and keeps the edits.
import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactsError, type ContactDraft, type CreateOptions, type ErrorCode } from '@portico/core';
import type { ContactForm, ContactList } from '@portico/elements';
import '@portico/elements/define';

const until = (predicate: () => boolean, message: string) => waitUntil(predicate, message, { timeout: 5000 });
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);

const formReady = (el: ContactForm) => until(() => $(el, 'form') !== null && $(el, '#accountId') !== null, 'form not ready');
const fill = async (el: ContactForm, values: Record<string, string>) => {
  for (const [field, value] of Object.entries(values)) {
    const input = $<HTMLInputElement>(el, `#${field}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
};
const submitButton = (el: ContactForm) => $<HTMLButtonElement>(el, 'button[type="submit"]')!;
const alertText = (el: ContactForm) => text($(el, '[role="alert"]'));
const spinning = (el: ContactForm) => submitButton(el).disabled || submitButton(el).getAttribute('aria-busy') === 'true';

afterEach(() => fixtureCleanup());

describe('faults: contact-list', () => {
  it('shows an error with Retry when the list fails to load (500), and Retry loads it', async () => {
    const client = new MemoryContactsClient();
    const list = client.listContacts.bind(client);
    let failures = 1;
    let calls = 0;
    client.listContacts = (query, options) => {
      calls += 1;
      if (failures-- > 0) return Promise.reject(new ContactsError('Something went wrong on the server.', { code: 'server', status: 500 }));
      return list(query, options);
    };
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => $(el, '[role="alert"]') !== null, 'no error shown');
    expect(text($(el, '[role="alert"]'))).to.contain('The contacts could not be loaded.');
    expect(el.shadowRoot!.querySelectorAll('tbody tr[data-id]').length).to.equal(0);
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((button) => text(button) === 'Retry');
    expect(retry, 'a Retry button').to.exist;
    retry!.click();
    await until(() => el.shadowRoot!.querySelectorAll('tbody tr[data-id]').length > 0, 'Retry did not load the list');
    expect($(el, '[role="alert"]')).to.equal(null);
    expect(calls).to.equal(2);
  });

  it('shows the error of an induced failure of the memory client and recovers on Retry', async () => {
    const client = new MemoryContactsClient({ failures: { rate: 1, code: 'server' } });
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => $(el, '[role="alert"]') !== null, 'no error shown');
    expect(text($(el, '[role="alert"]'))).to.contain('induced failure');
    // The server is back.
    const healthy = new MemoryContactsClient();
    client.listContacts = healthy.listContacts.bind(healthy);
    [...el.shadowRoot!.querySelectorAll('button')].find((button) => text(button) === 'Retry')!.click();
    await until(() => el.shadowRoot!.querySelectorAll('tbody tr[data-id]').length > 0, 'Retry did not load the list');
  });
});

/**
 * A client whose first create really stores the contact and then loses the answer with `code`
 * (the worst case: the server did it, the page does not know), and that records the keys.
 */
const lossyCreate = (client: MemoryContactsClient, code: ErrorCode) => {
  const create = client.createContact.bind(client);
  const keys: (string | undefined)[] = [];
  let lose = 1;
  client.createContact = async (draft: ContactDraft, options?: CreateOptions) => {
    keys.push(options?.idempotencyKey);
    const created = await create(draft, options);
    if (lose-- > 0) throw new ContactsError(`Induced ${code} after the contact was stored.`, { code, status: code === 'server' ? 500 : 0 });
    return created;
  };
  return keys;
};

describe('faults: contact-form saving', () => {
  for (const code of ['server', 'timeout', 'invalid_response'] as const) {
    it(`a failed create (${code}) keeps the input, says why, stops spinning, and the retry stores one contact`, async () => {
      const client = new MemoryContactsClient({ latency: 20 });
      const keys = lossyCreate(client, code);
      const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
      await formReady(el);
      await fill(el, { firstName: 'Faulty', lastName: `Network ${code}`, email: `faulty.${code}@acme.example`, jobTitle: 'Tester' });
      submitButton(el).click();
      await el.updateComplete;
      expect(spinning(el), 'busy while saving').to.equal(true);
      await until(() => alertText(el).length > 0, 'no error message');
      expect(alertText(el)).to.contain(`Induced ${code}`);
      expect(spinning(el), 'no spinner after the failure').to.equal(false);
      for (const [field, value] of Object.entries({ firstName: 'Faulty', lastName: `Network ${code}`, email: `faulty.${code}@acme.example`, jobTitle: 'Tester' })) {
        expect($<HTMLInputElement>(el, `#${field}`)!.value, field).to.equal(value);
      }
      const saved = oneEvent(el, 'contact-saved');
      submitButton(el).click();
      const { detail } = await saved;
      expect(detail.created).to.equal(true);
      expect(keys.length).to.equal(2);
      expect(keys[0], 'an idempotency key').to.be.a('string');
      expect(keys[1], 'the retry reuses the key').to.equal(keys[0]);
      const found = await client.listContacts({ search: `Network ${code}` });
      expect(found.total, 'exactly one contact').to.equal(1);
      expect(found.items[0]!.id).to.equal(detail.contact.id);
      expect(spinning(el)).to.equal(false);
    });
  }

  it('induced failures of the memory client (timeout) with latency: message, input kept, retry saves once', async () => {
    const client = new MemoryContactsClient({ latency: 30, failures: { code: 'timeout' } });
    const el = await fixture<ContactForm>(html`<contact-form .client=${client}></contact-form>`);
    await formReady(el);
    await fill(el, { firstName: 'Slow', lastName: 'Server', email: 'slow.server@acme.example' });
    // The induced failure hits the create itself, not the duplicate search before it.
    const create = client.createContact.bind(client);
    client.createContact = (draft, options) => {
      client.createContact = create;
      client.failNextCalls(1);
      return create(draft, options);
    };
    submitButton(el).click();
    await el.updateComplete;
    expect(spinning(el)).to.equal(true);
    await until(() => alertText(el).includes('took too long'), 'no timeout message');
    expect(spinning(el)).to.equal(false);
    expect($<HTMLInputElement>(el, '#lastName')!.value).to.equal('Server');
    const saved = oneEvent(el, 'contact-saved');
    submitButton(el).click();
    await saved;
    expect((await client.listContacts({ search: 'Slow Server' })).total).to.equal(1);
  });

  it('a 412 on update shows the conflict, keeps the edits, and saves them on the latest version', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin', failures: { code: 'precondition_failed' } });
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} contact-id="c-victor"></contact-form>`);
    await formReady(el);
    await until(() => $<HTMLInputElement>(el, '#firstName')!.value === 'Victor', 'contact not loaded');
    await fill(el, { jobTitle: 'Edited during a conflict', mobilePhone: '+44 7700 900999' });
    client.failNextCalls(1);
    submitButton(el).click();
    await until(() => alertText(el).includes('Someone else changed'), 'no conflict message');
    expect(spinning(el)).to.equal(false);
    expect($<HTMLInputElement>(el, '#jobTitle')!.value).to.equal('Edited during a conflict');
    expect($<HTMLInputElement>(el, '#mobilePhone')!.value).to.equal('+44 7700 900999');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="alert"] button')].find((button) => text(button).startsWith('Load the latest'))!.click();
    await until(() => !alertText(el).includes('Someone else changed'), 'conflict not cleared');
    expect($<HTMLInputElement>(el, '#jobTitle')!.value).to.equal('Edited during a conflict');
    const saved = oneEvent(el, 'contact-saved');
    submitButton(el).click();
    const { detail } = await saved;
    expect(detail.contact).to.include({ jobTitle: 'Edited during a conflict', mobilePhone: '+44 7700 900999' });
  });

  it('a real concurrent change: the form says what changed on the server and keeps the edits', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const colleague = client.withViewer('customer_admin');
    const el = await fixture<ContactForm>(html`<contact-form .client=${client} contact-id="c-victor"></contact-form>`);
    await formReady(el);
    await until(() => $<HTMLInputElement>(el, '#firstName')!.value === 'Victor', 'contact not loaded');
    await colleague.updateContact('c-victor', { businessPhone: '+1 555 010 9999' });
    await fill(el, { jobTitle: 'Staff Engineer' });
    submitButton(el).click();
    await until(() => alertText(el).includes('Someone else changed'), 'no conflict message');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="alert"] button')].find((button) => text(button).startsWith('Load the latest'))!.click();
    await until(() => text($(el, '[role="status"]')).includes('Changed on the server meanwhile'), 'no account of the server change');
    expect(text($(el, '[role="status"]'))).to.contain('Business phone').and.not.contain('Job title');
    expect($<HTMLInputElement>(el, '#businessPhone')!.value).to.equal('+1 555 010 9999');
    expect($<HTMLInputElement>(el, '#jobTitle')!.value).to.equal('Staff Engineer');
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'contact-saved');
    submitButton(el).click();
    expect((await saved).detail.contact).to.include({ jobTitle: 'Staff Engineer', businessPhone: '+1 555 010 9999' });
  });
});
