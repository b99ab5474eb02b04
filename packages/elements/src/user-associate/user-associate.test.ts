import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import type { UserAssociate } from './user-associate.js';
import { $, $$, text, until, screenshot } from '../test-helpers.js';
import '../define-all.js';

const setup = async (viewer = 'admin', contactId = 'c-00008', client = new MemoryContactsClient({ viewer })) => {
  const contact = await client.getContact(contactId);
  const el = await fixture<UserAssociate>(html`<user-associate .client=${client} .contact=${contact}></user-associate>`);
  await until(() => el.activeViewer !== undefined, 'no viewer');
  await el.updateComplete;
  return { client, el };
};

const rows = (el: UserAssociate) => $$(el, '[part="result"]').map((row) => text(row));
const hasResults = (el: UserAssociate) => () => el.shadowRoot!.querySelector('[part="result"]') !== null;

describe('<user-associate>', () => {
  it('lists user accounts with the contact already holding each, and searches as you type', async () => {
    const { el } = await setup();
    await until(hasResults(el), 'no results');
    expect(rows(el)[0]).to.contain('jordan.lee').and.contain('Link');
    const taken = $$<HTMLButtonElement>(el, '[part="button"]').find((button) => text(button).includes('Carlos Ruiz'))!;
    expect(text(taken)).to.equal('Already linked to Carlos Ruiz');
    expect(taken.disabled).to.equal(true);
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(el, '#search').focus();
    await sendKeys({ type: 'sam' });
    await until(() => rows(el).length === 1, 'not searched');
    expect(rows(el)[0]).to.contain('sam.taylor');
    await sendKeys({ type: 'zzz' });
    await until(() => text(el.shadowRoot!.querySelector('[role="status"]')) === 'No user account matches.', 'no empty state');
    await expect(el).to.be.accessible();
  });

  it('links a free user account, which gives the contact its login', async () => {
    const { client, el } = await setup();
    await until(hasResults(el), 'no results');
    const intent = oneEvent(el, 'user-associate');
    const done = oneEvent(el, 'user-associated');
    $(el, '[data-user="u-free-2"]').click();
    expect((await intent).detail).to.deep.equal({ contactId: 'c-00008', userAccountId: 'u-free-2' });
    expect((await done).detail.contact.userId).to.equal('sam.taylor');
    await el.updateComplete;
    expect(text($(el, '[part="notice"]'))).to.equal('sam.taylor is now linked to John Smith.');
    expect((await client.getContact('c-00008')).login.state).to.equal('enabled');
    await expect(el).to.be.accessible();
  });

  it('says which contact holds a user account that was taken meanwhile', async () => {
    const { client, el } = await setup();
    await until(hasResults(el), 'no results');
    await client.associateUser('c-00153', 'u-free-1');
    $(el, '[data-user="u-free-1"]').click();
    await until(() => el.shadowRoot!.querySelector('[part="error"]') !== null, 'no error');
    expect(text($(el, '[part="error"]'))).to.equal('This user account already belongs to Kwame Novak.');
    await expect(el).to.be.accessible();
  });

  it('does not link when the host prevents user-associate', async () => {
    const { client, el } = await setup();
    await until(hasResults(el), 'no results');
    el.addEventListener('user-associate', (event) => event.preventDefault());
    $(el, '[data-user="u-free-2"]').click();
    await el.updateComplete;
    expect((await client.getContact('c-00008')).login.state).to.equal('none');
  });

  it('lists the accounts that can be linked before the ones already linked', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    // jordan.lee, listed first by the client, is taken now; sam.taylor and riley.morgan are free.
    await client.associateUser('c-00153', 'u-free-1');
    const { el } = await setup('admin', 'c-00008', client);
    await until(hasResults(el), 'no results');
    const linkable = $$<HTMLButtonElement>(el, '[part="result"] [part="button"]').map((button) => !button.disabled);
    expect(linkable[0], rows(el).join(' | ')).to.equal(true);
    expect(linkable.indexOf(false)).to.be.greaterThan(0);
    expect(linkable.slice(linkable.indexOf(false))).to.not.include(true);
    expect(rows(el).find((row) => row.includes('jordan.lee'))).to.contain('Already linked to Kwame Novak');
    await screenshot('associate-unlinked-first');
  });

  it('warns before linking an account whose name is not the contact\'s, and not for one whose name is', async () => {
    const { client, el } = await setup();
    await until(hasResults(el), 'no results');
    const sam = rows(el).find((row) => row.includes('sam.taylor'))!;
    expect(sam).to.contain('The account\'s name, Sam Taylor, is not John Smith: check it is the same person.');
    const button = $<HTMLButtonElement>(el, '[data-user="u-free-2"]');
    const warning = el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!);
    expect(text(warning)).to.contain('Sam Taylor');
    await expect(el).to.be.accessible();
    await screenshot('associate-name-warning');
    // The same name in another case and spacing is the same person: no warning.
    const { el: same } = await setup('admin', 'c-00008', client);
    await client.updateContact('c-00008', { firstName: 'sam', lastName: 'TAYLOR' });
    same.contact = await client.getContact('c-00008');
    await until(() => rows(same).some((row) => row.includes('sam.taylor')) && !rows(same).find((row) => row.includes('sam.taylor'))!.includes('is not'), 'still warned');
    expect($<HTMLButtonElement>(same, '[data-user="u-free-2"]').hasAttribute('aria-describedby')).to.equal(false);
  });

  it('is hidden from anyone but an admin, and without the capability', async () => {
    for (const viewer of ['customer_admin', 'contact']) {
      const { el } = await setup(viewer, 'c-00009');
      expect(el.shadowRoot!.querySelector('#search'), viewer).to.equal(null);
    }
    const client = new MemoryContactsClient({ viewer: 'admin', capabilities: { associateUser: false } });
    const { el } = await setup('admin', 'c-00008', client);
    expect(el.shadowRoot!.querySelector('#search')).to.equal(null);
  });
});
