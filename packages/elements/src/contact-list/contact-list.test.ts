import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { displayName, type CallOptions, type Contact, type ListQueryInput, type Page } from '@portico/core';
import type { ContactList } from './contact-list.js';
import { $, $$, failOnce, mount, text, until, screenshot } from '../test-helpers.js';
import '../define-all.js';

const rows = (el: ContactList) => $$<HTMLTableRowElement>(el, 'tbody tr[data-id]');
const names = (el: ContactList) => rows(el).map((row) => text(row.querySelector('th')));
const settled = async (el: ContactList) => {
  await until(
    () => $(el, '.table-wrapper').getAttribute('aria-busy') === 'false' && !text($(el, 'tbody')).includes('Loading'),
    'the list did not settle',
  );
  await el.updateComplete;
};
const rowOf = (el: ContactList, name: string) => rows(el).find((row) => text(row.querySelector('th')) === name)!;
const select = async (el: ContactList, selector: string, value: string) => {
  const control = $<HTMLSelectElement>(el, selector);
  control.value = value;
  control.dispatchEvent(new Event('change'));
  await el.updateComplete;
};
/** The row menu is open and shown where it belongs (it stays hidden until Floating UI, loaded on the first open, placed it). */
const menuShown = (el: ContactList) => el.shadowRoot!.querySelector('[role="menu"]')?.checkVisibility({ visibilityProperty: true }) === true;
const openMenuFor = async (el: ContactList, name: string) => {
  rowOf(el, name).querySelector<HTMLButtonElement>('[aria-haspopup="menu"]')!.click();
  await el.updateComplete;
  await until(() => menuShown(el), 'menu did not open');
  return $$(el, '[role="menuitem"]').map((item) => text(item));
};

describe('<contact-list>', () => {
  it('shows a loading state, then a page of contacts with a total', async () => {
    const client = new MemoryContactsClient({ latency: 150 });
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    expect($(el, '.table-wrapper').getAttribute('aria-busy')).to.equal('true');
    expect(text($(el, 'tbody'))).to.contain('Loading contacts');
    await expect(el).to.be.accessible();
    await settled(el);
    expect(rows(el)).to.have.length(25);
    expect(text($(el, '.range'))).to.match(/^1–25 of \d+$/);
    const headers = $$(el, 'thead th').map((th) => text(th).replace(/[▲▼↕]/g, ''));
    expect(headers).to.include.members(['Title', 'Name', 'Job title', 'Email', 'Phone', 'Account', 'Status', 'Actions']);
    await expect(el).to.be.accessible();
  });

  it('shows only and in the order of the chosen columns', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client} columns="email name"></contact-list>`);
    await settled(el);
    expect($$(el, 'thead th').map((th) => text(th).replace(/[▲▼↕]/g, '')).filter(Boolean)).to.deep.equal(['Email', 'Name']);
  });

  it('shows an empty state when nothing matches', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client} search="zzzz-nobody"></contact-list>`);
    await settled(el);
    expect(rows(el)).to.have.length(0);
    expect(text($(el, 'tbody'))).to.contain('No contacts match');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a Retry button that loads again', async () => {
    const client = new MemoryContactsClient();
    failOnce(client, 'listContacts');
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => el.shadowRoot!.querySelector('tbody [role="alert"]') !== null, 'no error shown');
    expect(text($(el, 'tbody [role="alert"]'))).to.contain('The server is down.');
    await expect(el).to.be.accessible();
    [...$$<HTMLButtonElement>(el, 'tbody button')].find((button) => text(button) === 'Retry')!.click();
    await settled(el);
    expect(rows(el)).to.have.length(25);
  });

  it('searches name and email on the server as the user types', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    $<HTMLInputElement>(el, '#search').focus();
    await sendKeys({ type: 'carlos' });
    await until(() => names(el).length === 1, 'search did not narrow the list');
    expect(names(el)).to.deep.equal(['Carlos Ruiz']);
    expect(el.search).to.equal('carlos');

    $<HTMLInputElement>(el, '#search').select();
    await sendKeys({ type: 'priya.patel@' });
    await until(() => names(el)[0] === 'Priya Patel', 'email search failed');
  });

  it('says under the search field when the client finds only a whole user ID or e-mail, and has no field without search', async () => {
    const exact = new MemoryContactsClient({ capabilities: { search: 'exact' } });
    const el = await fixture<ContactList>(html`<contact-list .client=${exact}></contact-list>`);
    await settled(el);
    const input = $<HTMLInputElement>(el, '#search');
    const hint = el.shadowRoot!.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(text(hint)).to.equal('Exact match only: type a full user ID or e-mail');
    expect(input.placeholder).to.equal('', 'no "Name or email": the hint says what to type');
    await expect(el).to.be.accessible();

    // The locale's strings load after the first paint.
    const german = mount(html`<contact-list lang="de" .client=${exact}></contact-list>`).firstElementChild as ContactList;
    const germanHint = 'Nur exakte Treffer: Geben Sie eine vollständige Benutzer-ID oder E-Mail-Adresse ein';
    await until(() => text(german.shadowRoot?.querySelector('#search-hint')) === germanHint, 'no German hint');

    const words = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient()}></contact-list>`);
    await settled(words);
    expect($<HTMLInputElement>(words, '#search').hasAttribute('aria-describedby')).to.equal(false);
    expect(words.shadowRoot!.querySelector('#search-hint')).to.equal(null);
    expect($<HTMLInputElement>(words, '#search').placeholder).to.equal('Name or email');

    const none = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient({ capabilities: { search: false } })}></contact-list>`);
    await settled(none);
    expect(none.shadowRoot!.querySelector('#search')).to.equal(null);
    expect(rows(none)).to.have.length(25);
  });

  it('never offers "Locked out contacts" when the client cannot lock', async () => {
    const options = (el: ContactList) => $$<HTMLOptionElement>(el, '#status option').map((option) => text(option));
    const locking = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient()}></contact-list>`);
    await settled(locking);
    expect(options(locking)).to.include('Locked out contacts');
    const client = new MemoryContactsClient({ capabilities: { lockUnlock: false } });
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    expect(options(el)).to.deep.equal(['All contacts', 'Active', 'Disabled', 'No login']);
  });

  it('aborts the previous request when the query changes', async () => {
    const client = new MemoryContactsClient({ latency: 100 });
    const signals: AbortSignal[] = [];
    const list = client.listContacts.bind(client);
    client.listContacts = (query: ListQueryInput, options) => {
      if (options?.signal) signals.push(options.signal);
      return list(query, options);
    };
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await el.updateComplete;
    el.search = 'john';
    await el.updateComplete;
    await settled(el);
    expect(signals.length).to.be.at.least(2);
    expect(signals[0]!.aborted).to.equal(true);
    expect(names(el).every((name) => name.toLowerCase().includes('john'))).to.equal(true);
  });

  it('pages through the results and changes the page size', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    const first = names(el);
    expect($<HTMLButtonElement>(el, '[data-page="previous"]').disabled).to.equal(true);
    $<HTMLButtonElement>(el, '[data-page="next"]').click();
    await el.updateComplete;
    await until(() => text($(el, '.range')).startsWith('26–50'), 'did not go to page 2');
    expect(names(el)).not.to.deep.equal(first);
    await select(el, '#page-size', '10');
    await until(() => rows(el).length === 10, 'page size did not apply');
    expect(text($(el, '.range'))).to.match(/^1–10 of/);
  });

  it('shows the next page in the rows it has, each row wholly the new contact', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    const before = rows(el);
    const checked = before[2]!.querySelector<HTMLInputElement>('td.check input')!;
    checked.click();
    await el.updateComplete;
    expect(before[2]!.hasAttribute('data-selected')).to.equal(true);
    $<HTMLButtonElement>(el, '[data-page="next"]').click();
    await el.updateComplete;
    await until(() => text($(el, '.range')).startsWith('26–50'), 'did not go to page 2');
    await el.updateComplete;
    // The same <tr> elements (no 25 new rows built), showing page 2 in every bound value.
    expect(rows(el)).to.deep.equal(before);
    el.contacts.forEach((contact, index) => {
      const row = rows(el)[index]!;
      const name = displayName(contact);
      expect(row.dataset['id']).to.equal(contact.id);
      expect(text(row.querySelector('th'))).to.equal(name);
      expect(row.hasAttribute('data-selected')).to.equal(false);
      const box = row.querySelector<HTMLInputElement>('td.check input')!;
      expect(box.checked, name).to.equal(false);
      expect(box.getAttribute('aria-label')).to.contain(name);
      const menuButton = row.querySelector('[part="menu-button"]');
      if (menuButton) {
        expect(menuButton.id).to.equal(`actions-${contact.id}`);
        expect(menuButton.getAttribute('aria-label')).to.contain(name);
      }
      expect(row.tabIndex).to.equal(index === 0 ? 0 : -1);
    });
    // Back on page 1 the contact chosen there is still chosen, in its row.
    $<HTMLButtonElement>(el, '[data-page="previous"]').click();
    await el.updateComplete;
    await until(() => text($(el, '.range')).startsWith('1–25'), 'did not go back to page 1');
    await el.updateComplete;
    expect(checked.checked).to.equal(true);
    expect(rows(el).filter((row) => row.hasAttribute('data-selected'))).to.deep.equal([before[2]]);
  });

  it('leaves the other rows alone when one row changes', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    const [first, ...others] = rows(el);
    const changed = new Set<Node>();
    const observer = new MutationObserver((records) => records.forEach((record) => changed.add(record.target)));
    observer.observe($(el, 'tbody'), { subtree: true, childList: true, attributes: true, characterData: true });
    first!.querySelector<HTMLInputElement>('td.check input')!.click();
    await el.updateComplete;
    // Typing in the search box renders the list again before the search runs.
    const search = $<HTMLInputElement>(el, '#search');
    search.value = 'x';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    observer.disconnect();
    expect(first!.hasAttribute('data-selected')).to.equal(true);
    expect([...changed].every((node) => first!.contains(node)), 'only the chosen row changed').to.equal(true);
    expect(others.every((row) => !row.hasAttribute('data-selected'))).to.equal(true);
  });

  it('keeps the focus with its contact when a reload moves it to another row', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client} page-size="200"></contact-list>`);
    await settled(el);
    const first = el.contacts[0]!;
    const menuButton = rows(el)[0]!.querySelector<HTMLButtonElement>('[part="menu-button"]')!;
    menuButton.focus();
    el.sortDirection = 'desc';
    await until(() => el.contacts[0]?.id !== first.id, 'did not sort again');
    await el.updateComplete;
    // The first contact is now near the end; the focus went with it, not with the first row.
    const focused = el.shadowRoot!.activeElement as HTMLElement;
    expect(focused.closest('tr')!.dataset['id']).to.equal(first.id);
    expect(focused.getAttribute('aria-label')).to.equal(`Actions for ${displayName(first)}`);
    expect(rows(el).indexOf(focused.closest('tr')!)).to.equal(el.contacts.findIndex((contact) => contact.id === first.id));
  });

  it('asks for the accounts before the contacts, so that the rows show account names when first painted', async () => {
    const client = new MemoryContactsClient();
    const calls: string[] = [];
    const listAccounts = client.listAccounts.bind(client);
    const listContacts = client.listContacts.bind(client);
    client.listAccounts = (...args) => (calls.push('accounts'), listAccounts(...args));
    client.listContacts = (...args) => (calls.push('contacts'), listContacts(...args));
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    expect(calls.slice(0, 2)).to.deep.equal(['accounts', 'contacts']);
    expect(rows(el).some((row) => /Acme|Globex|Initech/.test(text(row)))).to.equal(true);
  });

  it('sorts by a column and reports it with aria-sort', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    const nameHeader = () => $$(el, 'thead th').find((th) => text(th).startsWith('Name'))!;
    expect(nameHeader().getAttribute('aria-sort')).to.equal('ascending');
    const ascending = names(el)[0];
    nameHeader().querySelector('button')!.click();
    await el.updateComplete;
    await until(() => names(el)[0] !== ascending, 'sort did not change the order');
    expect(nameHeader().getAttribute('aria-sort')).to.equal('descending');
    const emailHeader = () => $$(el, 'thead th').find((th) => text(th).startsWith('Email'))!;
    emailHeader().querySelector('button')!.click();
    await el.updateComplete;
    expect(emailHeader().getAttribute('aria-sort')).to.equal('ascending');
    expect(nameHeader().hasAttribute('aria-sort')).to.equal(false);
  });

  it('filters locked out contacts and shows why they are locked', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    await select(el, '#status', 'locked');
    await until(() => rows(el).length > 0 && rows(el).every((row) => row.querySelector('[data-status="locked"]')), 'no locked filter');
    expect(rows(el).every((row) => /locked by an administrator|too many failed sign-ins/.test(text(row)))).to.equal(true);
    await expect(el).to.be.accessible();
    await screenshot('list-locked-out');
  });

  it('filters by account, including child organisations', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    await until(() => el.shadowRoot!.querySelector('#account') !== null, 'no account filter');
    await select(el, '#account', 'acme-eu');
    await until(
      () => rows(el).length > 0 && rows(el).every((row) => /Acme (Europe|Germany)/.test(text(row))),
      'account filter did not apply',
    );
  });

  it('opens the action menu by keyboard and returns focus on Escape', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client} search="erin"></contact-list>`);
    await until(() => names(el).includes('Erin Walsh'), 'not loaded');
    const button = rowOf(el, 'Erin Walsh').querySelector<HTMLButtonElement>('[aria-haspopup="menu"]')!;
    button.focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => menuShown(el), 'menu did not open');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const items = $$(el, '[role="menuitem"]');
    expect(el.shadowRoot!.activeElement).to.equal(items[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(items[1]);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(el.shadowRoot!.activeElement).to.equal(items[items.length - 1]);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="menu"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button);

    await sendKeys({ press: 'Enter' });
    await until(() => menuShown(el), 'menu did not open on Enter');
    await sendKeys({ press: 'ArrowDown' });
    expect(text(el.shadowRoot!.activeElement)).to.equal('Edit');
    const action = oneEvent(el, 'contact-action');
    await sendKeys({ press: 'Enter' });
    const event = await action;
    expect(event.detail.action).to.equal('contact.update');
    expect(event.detail.contact.firstName).to.equal('Erin');
  });

  it('offers a contact without admin roles neither Edit nor Delete', async () => {
    const client = new MemoryContactsClient({ viewer: 'contact' });
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    expect(rows(el).length).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelector('tbody input[type="checkbox"]')).to.equal(null);
    const items = await openMenuFor(el, names(el)[0]!);
    expect(items).to.deep.equal(['View']);
  });

  it('never offers an administrator Delete or Disable on their own row', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactList>(html`<contact-list .client=${client} search="martin"></contact-list>`);
    await until(() => names(el).includes('Alice Martin'), 'not loaded');
    const own = await openMenuFor(el, 'Alice Martin');
    expect(own).to.include('Edit');
    expect(own).not.to.include('Delete');
    expect(own).not.to.include('Disable login');
    await sendKeys({ press: 'Escape' });
    el.search = 'carlos';
    await until(() => names(el).includes('Carlos Ruiz'), 'not loaded');
    const other = await openMenuFor(el, 'Carlos Ruiz');
    expect(other).to.include.members(['View', 'Edit', 'Delete', 'Disable login', 'Lock', 'Reset password', 'Assign roles']);
  });

  it('hides actions the client cannot do', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin', capabilities: { delete: false, lockUnlock: false } });
    const el = await fixture<ContactList>(html`<contact-list .client=${client} search="carlos"></contact-list>`);
    await until(() => names(el).includes('Carlos Ruiz'), 'not loaded');
    const items = await openMenuFor(el, 'Carlos Ruiz');
    expect(items).not.to.include('Delete');
    expect(items).not.to.include('Lock');
    expect(items).to.include('Edit');
  });

  it('disables a login from the menu unless the host prevents it', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactList>(html`<contact-list .client=${client} search="carlos"></contact-list>`);
    await until(() => names(el).includes('Carlos Ruiz'), 'not loaded');

    await openMenuFor(el, 'Carlos Ruiz');
    const prevent = (event: Event) => event.preventDefault();
    el.addEventListener('contact-action', prevent, { once: true });
    $$<HTMLButtonElement>(el, '[role="menuitem"]').find((item) => text(item) === 'Disable login')!.click();
    await el.updateComplete;
    expect(text(rowOf(el, 'Carlos Ruiz'))).to.contain('Active');

    await openMenuFor(el, 'Carlos Ruiz');
    const changed = oneEvent(el, 'login-changed');
    $$<HTMLButtonElement>(el, '[role="menuitem"]').find((item) => text(item) === 'Disable login')!.click();
    const { detail } = await changed;
    expect(detail.contact.login.state).to.equal('disabled');
    expect(detail.previousState).to.equal('enabled');
    await until(() => text(rowOf(el, 'Carlos Ruiz')).includes('Disabled'), 'row not updated');
    expect((await client.getContact('c-carlos')).login.state).to.equal('disabled');
  });

  it('moves focus between rows with the arrow keys and opens with Enter', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await settled(el);
    const [first, second] = rows(el);
    expect(first!.tabIndex).to.equal(0);
    expect(second!.tabIndex).to.equal(-1);
    first!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(second);
    expect(second!.tabIndex).to.equal(0);
    expect(first!.tabIndex).to.equal(-1);
    const open = oneEvent(el, 'contact-open');
    await sendKeys({ press: 'Enter' });
    const { detail } = await open;
    expect(detail.contact.id).to.equal(second!.dataset['id']);
  });

  it('runs a bulk action and reports partial failures', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactList>(html`<contact-list .client=${client} status="active" search="smith"></contact-list>`);
    await until(() => rows(el).length >= 2, 'not loaded');
    const chosen = rows(el).slice(0, 2);
    for (const row of chosen) row.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await el.updateComplete;
    expect(text($(el, '.bulk-bar'))).to.contain('2 contacts selected');
    await expect(el).to.be.accessible();
    client.failNextCalls(1);
    $<HTMLButtonElement>(el, '[data-bulk="login.disable"]').click();
    await until(() => el.shadowRoot!.querySelector('.bulk-result') !== null, 'no bulk report');
    const report = text($(el, '.bulk-result'));
    expect(report).to.contain('1 of 2');
    expect(report).to.contain('1 failed');
    expect($(el, '.bulk-result').getAttribute('role')).to.equal('alert');
    // The failed contact stays selected so it can be tried again.
    expect(text($(el, '.bulk-bar'))).to.contain('1 contact selected');
  });

  it('asks before a bulk delete', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<ContactList>(html`<contact-list .client=${client} search="smith"></contact-list>`);
    await until(() => rows(el).length >= 1, 'not loaded');
    const total = text($(el, '.range'));
    const [row] = rows(el);
    const id = row!.dataset['id']!;
    row!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[data-bulk="contact.delete"]').click();
    const dialog = $<HTMLDialogElement>(el, '#bulk-delete');
    expect(dialog.open).to.equal(true);
    const deleted = oneEvent(el, 'contact-deleted');
    dialog.querySelector<HTMLButtonElement>('button[value="confirm"]')!.click();
    expect((await deleted).detail.contactId).to.equal(id);
    await until(() => text($(el, '.range')) !== total, 'list not refreshed');
  });
});

describe('<contact-list> on a narrow host', () => {
  it('turns rows into labelled cards at 320 CSS pixels and keeps every action reachable', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const wrapper = mount(html`<contact-list .client=${client}></contact-list>`, { style: 'inline-size: 320px' });
    const el = wrapper.querySelector<ContactList>('contact-list')!;
    await el.updateComplete;
    await settled(el);
    const row = rows(el)[0]!;
    expect(getComputedStyle(row).display).to.equal('block', 'a row is a card');
    const email = row.querySelector('td[data-label="Email"]')!;
    expect(getComputedStyle(email, '::before').content).to.equal('"Email: "');
    expect(getComputedStyle($(el, 'thead th[scope="col"]:not(.check):not([aria-sort])')).display).to.equal('none');
    const menuButton = row.querySelector<HTMLElement>('[aria-haspopup="menu"]')!;
    const card = row.getBoundingClientRect();
    const button = menuButton.getBoundingClientRect();
    expect(button.right <= card.right + 0.5 && button.left >= card.left).to.equal(true, 'the action button sits inside the card');
    expect(el.scrollWidth).to.be.at.most(320, 'nothing overflows the host');
    await expect(el).to.be.accessible();
  });

  it('keeps each phone number on one line, in the table and in the cards', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    for (const width of [1000, 320]) {
      const wrapper = mount(html`<contact-list .client=${client}></contact-list>`, { style: `inline-size: ${width}px` });
      const el = wrapper.querySelector<ContactList>('contact-list')!;
      await el.updateComplete;
      await settled(el);
      const phones = $$<HTMLAnchorElement>(el, 'a[href^="tel:"]');
      expect(phones.length).to.be.above(0, `phone links at ${width} px`);
      for (const phone of phones) {
        const range = document.createRange();
        range.selectNodeContents(phone);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        expect(lines.size).to.equal(1, `${text(phone)} is broken over lines at ${width} px`);
      }
    }
  });

  it('leaves out the fields a contact has no value for', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const viewer = await client.me();
    await client.createContact({ accountId: viewer.accountId, firstName: 'Zora', lastName: 'Quist', email: 'zora.quist@acme.example', notifications: false });
    const wrapper = mount(html`<contact-list search="Zora Quist" .client=${client}></contact-list>`, { style: 'inline-size: 320px' });
    const el = wrapper.querySelector<ContactList>('contact-list')!;
    await el.updateComplete;
    await settled(el);
    const card = rowOf(el, 'Zora Quist');
    // What the card shows, with the column names the cells draw before their values.
    const shown = [...card.querySelectorAll('td[data-label]')]
      .filter((cell) => getComputedStyle(cell).display !== 'none')
      .map((cell) => `${getComputedStyle(cell, '::before').content.replace(/^"|"$/g, '')}${text(cell)}`);
    expect(shown.some((line) => line.startsWith('Email: zora.quist@acme.example'))).to.equal(true, shown.join(' | '));
    for (const empty of ['Job title', 'Phone', 'Title']) expect(shown.filter((line) => line.startsWith(`${empty}:`)), empty).to.deep.equal([]);
  });
});

describe('<contact-list> long names and e-mail addresses', () => {
  it('keeps each on one line, cut with an ellipsis, with the whole value on hover and while its row has the focus', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const viewer = await client.me();
    const email = 'maximiliane.wolkenstein-rodenegg@subsidiary.acme.example';
    await client.createContact({ accountId: viewer.accountId, firstName: 'Maximiliane', lastName: 'Wolkenstein-Rodenegg von Trostburg', email, notifications: false });
    const wrapper = mount(html`<contact-list search="Wolkenstein" .client=${client}></contact-list>`, { style: 'inline-size: 1000px' });
    const el = wrapper.querySelector<ContactList>('contact-list')!;
    await el.updateComplete;
    await settled(el);
    const row = rowOf(el, 'Maximiliane Wolkenstein-Rodenegg von Trostburg');
    const lines = (node: Element) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    };
    const link = row.querySelector<HTMLAnchorElement>('a[href^="mailto:"]')!;
    const name = row.querySelector<HTMLButtonElement>('th button')!;
    for (const [node, value] of [[link, email], [name, 'Maximiliane Wolkenstein-Rodenegg von Trostburg']] as const) {
      const clip = node.querySelector<HTMLElement>('[title]')!;
      expect(clip.title).to.equal(value);
      expect(lines(clip)).to.equal(1, `${value} is on one line`);
      expect(clip.scrollWidth).to.be.greaterThan(clip.clientWidth, `${value} is cut`);
      expect(getComputedStyle(clip).textOverflow).to.equal('ellipsis');
    }
    name.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(link);
    await screenshot('list-one-line-focus');
    expect(lines(link.querySelector('[title]')!)).to.be.greaterThan(1, 'the whole address shows while the row has the keyboard focus');
  });
});

describe('<contact-list> action menu and the window', () => {
  it('stays open for a scroll or resize event that moved nothing, and closes when the page scrolled', async () => {
    const el = await fixture<ContactList>(html`<contact-list .client=${new MemoryContactsClient()}></contact-list>`);
    await settled(el);
    const spacer = Object.assign(document.createElement('div'), { style: 'block-size: 200vh' });
    document.body.append(spacer);
    try {
      await openMenuFor(el, names(el)[0]!);
      // What a browser may deliver late, after the menu opened: nothing moved, the menu stays.
      window.dispatchEvent(new Event('resize'));
      document.dispatchEvent(new Event('scroll'));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role="menu"]')).to.not.equal(null);
      scrollTo(0, 40);
      document.dispatchEvent(new Event('scroll'));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role="menu"]')).to.equal(null);
    } finally {
      spacer.remove();
      scrollTo(0, 0);
    }
  });
});

describe('<contact-list> density', () => {
  it('has less padding in its rows when compact', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const normal = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    const compact = await fixture<ContactList>(html`<contact-list density="compact" .client=${client}></contact-list>`);
    await settled(normal);
    await settled(compact);
    const padding = (el: ContactList) => parseFloat(getComputedStyle(rows(el)[0]!.querySelector('th')!).paddingBlockStart);
    expect(padding(compact)).to.be.greaterThan(0).and.lessThan(padding(normal));
    expect(rows(compact)[0]!.getBoundingClientRect().height).to.be.lessThan(rows(normal)[0]!.getBoundingClientRect().height);
  });
});

/**
 * The memory client with a search count capped as the reference server caps it (ADR 0009): while
 * a search's page is full and more matches follow, the total is the lower bound `bound`.
 */
class CappedSearchClient extends MemoryContactsClient {
  constructor(private readonly bound: number) {
    super();
  }

  override async listContacts(query: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    const page = await super.listContacts(query, options);
    const end = ((page.page ?? 1) - 1) * page.pageSize + page.items.length;
    return query.search && page.items.length === page.pageSize && end < page.total ? { ...page, total: this.bound, totalExact: false } : page;
  }
}

describe('<contact-list> with a total that is a lower bound', () => {
  it('says "more than", keeps next while pages are full, and stops at a short page', async () => {
    const client = new CappedSearchClient(20);
    const el = await fixture<ContactList>(html`<contact-list .client=${client} page-size="10"></contact-list>`);
    await settled(el);
    el.search = 'an';
    await until(() => text($(el, '.range')) === '1–10 of more than 20', 'no lower bound shown');
    expect($(el, 'table').getAttribute('aria-rowcount')).to.equal('-1');
    await until(() => text($(el, '[role="status"]')) === 'More than 20 contacts', 'lower bound not announced');
    await expect(el).to.be.accessible();
    const next = () => $<HTMLButtonElement>(el, '[data-page="next"]');
    for (const range of ['11–20 of more than 20', '21–30 of more than 20', '31–34 of 34']) {
      expect(next().disabled, `next before ${range}`).to.equal(false);
      next().click();
      await until(() => text($(el, '.range')) === range, `did not reach ${range}`);
    }
    expect(next().disabled).to.equal(true);
    expect(rows(el)).to.have.length(4);
    expect($(el, 'table').getAttribute('aria-rowcount')).to.equal('35');
  });

  it('shows a page past the end as empty, with the way back', async () => {
    const client = new CappedSearchClient(20);
    const el = await fixture<ContactList>(html`<contact-list .client=${client} page-size="10" search="an" page="5"></contact-list>`);
    await settled(el);
    expect(rows(el)).to.have.length(0);
    expect(text($(el, 'tbody'))).to.equal('No more contacts here. Go back to the previous page.');
    expect(text($(el, '.range'))).to.equal('');
    expect($<HTMLButtonElement>(el, '[data-page="next"]').disabled).to.equal(true);
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[data-page="previous"]').click();
    await until(() => text($(el, '.range')) === '31–34 of 34', 'did not go back to the last page');
    expect(rows(el)).to.have.length(4);
  });

  it('writes the bound with the locale\'s digits, grouping and words', async () => {
    const n = (lang: string, value: number) => new Intl.NumberFormat(lang).format(value).replace(/\s/g, ' ');
    const expected: Record<string, string> = {
      en: '1–10 of more than 1,000',
      de: '1–10 von mehr als 1.000',
      fr: `1–10 sur plus de ${n('fr', 1000)}`,
      es: `1–10 de más de ${n('es', 1000)}`,
      ja: '1,000 件超のうち 1–10 件',
      ar: `${n('ar', 1)}–${n('ar', 10)} من أكثر من ${n('ar', 1000)}`,
    };
    // All six at once (each waits for its locale's strings and its first page). The element's own
    // `lang` sets its locale; fixtures of custom elements await their update, not an animation frame.
    const lists: ContactList[] = [];
    for (const lang of Object.keys(expected)) {
      lists.push(await fixture<ContactList>(html`<contact-list lang=${lang} .client=${new CappedSearchClient(1000)} page-size="10" search="an"></contact-list>`));
    }
    const ranges = () => Object.fromEntries(lists.map((el) => [el.lang, text(el.shadowRoot!.querySelector('.range'))]));
    await until(() => JSON.stringify(ranges()) === JSON.stringify(expected), 'not every locale shows its bound');
  });
});
