import { expect, html, oneEvent } from '@open-wc/testing';
import { render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactDelete } from './contact-delete.js';
import { $, failOnce, text, until } from '../test-helpers.js';
import '../define-all.js';

// Rendered by hand: fixture() waits for an animation frame on a plain <div>, and a test page
// running in the background (two files at once) gets none.
const wrappers: HTMLDivElement[] = [];
afterEach(() => wrappers.splice(0).forEach((wrapper) => wrapper.remove()));

const setup = async (viewer = 'customer_admin', contactId = 'c-victor') => {
  const client = new MemoryContactsClient({ viewer });
  const contact = await client.getContact(contactId);
  const wrapper = document.createElement('div');
  document.body.append(wrapper);
  wrappers.push(wrapper);
  render(
    html`<button id="opener">Delete…</button>
      <contact-delete .client=${client} .contact=${contact}></contact-delete>`,
    wrapper,
  );
  const el = wrapper.querySelector<ContactDelete>('contact-delete')!;
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  opener.addEventListener('click', () => el.show());
  await until(() => el.activeViewer !== undefined, 'no viewer');
  return { client, el, opener, contact };
};

const openFrom = async (el: ContactDelete, opener: HTMLButtonElement) => {
  opener.focus();
  opener.click();
  await el.updateComplete;
  expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
};

describe('<contact-delete>', () => {
  it('names the contact, asks Yes or No, and deletes on Yes', async () => {
    const { client, el, opener } = await setup();
    await openFrom(el, opener);
    expect(text($(el, '[part="question"]'))).to.equal('Delete Victor Chen? This cannot be undone.');
    expect(text($(el, '[part="confirm"]'))).to.equal('Yes');
    expect(text($(el, '[part="cancel"]'))).to.equal('No');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="cancel"]'), 'the safe answer has focus');
    await expect(el).to.be.accessible();
    const intent = oneEvent(el, 'contact-delete');
    const done = oneEvent(el, 'contact-deleted');
    $(el, '[part="confirm"]').click();
    expect((await intent).detail.contact.id).to.equal('c-victor');
    expect((await done).detail.contactId).to.equal('c-victor');
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener, 'focus returns to the opener');
    let missing = false;
    await client.getContact('c-victor').catch(() => (missing = true));
    expect(missing).to.equal(true);
  });

  it('closes on Escape without deleting, and focus returns to the opener', async () => {
    const { client, el, opener } = await setup();
    await openFrom(el, opener);
    await sendKeys({ press: 'Escape' });
    await until(() => !$<HTMLDialogElement>(el, 'dialog').open, 'Escape did not close');
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
    expect((await client.getContact('c-victor')).id).to.equal('c-victor');
  });

  it('does not delete when the host prevents contact-delete', async () => {
    const { client, el, opener } = await setup();
    el.addEventListener('contact-delete', (event) => event.preventDefault());
    await openFrom(el, opener);
    $(el, '[part="confirm"]').click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect((await client.getContact('c-victor')).id).to.equal('c-victor');
  });

  it('shows a failure in the dialog and stays open', async () => {
    const { client, el, opener } = await setup();
    failOnce(client, 'deleteContact');
    await openFrom(el, opener);
    $(el, '[part="confirm"]').click();
    await until(() => el.shadowRoot!.querySelector('[part="error"]') !== null, 'no error');
    expect(text($(el, '[part="error"]'))).to.contain('could not be deleted').and.contain('The server is down.');
    expect(el.open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('never deletes the viewer’s own contact', async () => {
    const { el, opener } = await setup('customer_admin', 'c-carlos');
    await openFrom(el, opener);
    expect(text($(el, '[part="question"]'))).to.equal('You may not delete this contact.');
    expect(el.shadowRoot!.querySelector('[part="confirm"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('offers a contact without admin roles nothing', async () => {
    const { el, opener } = await setup('contact', 'c-alice');
    await openFrom(el, opener);
    expect(el.shadowRoot!.querySelector('[part="confirm"]')).to.equal(null);
  });
});
