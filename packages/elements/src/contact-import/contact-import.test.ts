import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { parseCsv, type ContactDraft, type CreateOptions } from '@portico/core';
import type { ContactImport } from './contact-import.js';
import { $, $$, text, until } from '../test-helpers.js';
import '../define-all.js';

const setup = async (viewer = 'customer_admin') => {
  const client = new MemoryContactsClient({ viewer });
  const el = await fixture<ContactImport>(html`<contact-import .client=${client}></contact-import>`);
  await until(() => el.activeViewer !== undefined, 'no viewer');
  await el.updateComplete;
  return { client, el };
};

const csvFile = (text: string, name = 'contacts.csv') => new File([text], name, { type: 'text/csv' });

const FILE = [
  'First name,Surname,E-mail,Company,Notes',
  'Ada,Lovelace,ada@example.com,Acme Europe,first',
  ',Nobody,not-an-email,,',
  'Grace,Hopper,grace@example.com,,',
  'Grace,Hopper,grace.h@example.com,,repeats line 4 by name',
].join('\r\n');

const loaded = async (el: ContactImport, file: File) => {
  await el.load(file);
  await until(() => el.shadowRoot!.querySelector('[part="mapping"]') !== null, 'no mapping');
  await el.updateComplete;
};

// The tests look for the reader's module among the page's resource timings. The test server
// serves every module on its own, and with the elements split into more modules the page has
// more than the browser's default buffer of 250 entries by the time a reader loads.
performance.setResourceTimingBufferSize(5000);

describe('<contact-import>', () => {
  it('maps the columns by header, lists row errors, imports the valid rows and reports every row', async () => {
    const { client, el } = await setup();
    await expect(el).to.be.accessible();
    await loaded(el, csvFile(FILE));
    const selects = $$<HTMLSelectElement>(el, '[part="mapping"] select');
    expect(selects.map((select) => select.value)).to.deep.equal(['firstName', 'lastName', 'email', 'account', '']);
    expect(text($(el, '[role="status"]'))).to.equal('4 rows: 3 ready, 1 with errors.');
    const errors = text($(el, '[part="errors"]'));
    expect(errors).to.contain('Line 3:').and.contain('Email:').and.contain('First name:');
    expect(text($(el, '[part="import-button"]'))).to.equal('Import 3 contacts');
    await expect(el).to.be.accessible();

    const intent = oneEvent(el, 'contact-import');
    const done = oneEvent(el, 'contact-imported');
    $(el, '[part="import-button"]').click();
    expect((await intent).detail).to.deep.equal({ rows: 3, duplicates: 'skip' });
    expect((await done).detail).to.deep.equal({ created: 2, updated: 0, skipped: 1, invalid: 1, failed: 0 });
    await el.updateComplete;
    expect(text($(el, '[part="summary"]'))).to.equal('2 created, 0 updated, 1 skipped, 1 with errors, 0 failed.');
    await expect(el).to.be.accessible();

    const ada = (await client.listContacts({ search: 'ada@example.com' })).items;
    expect(ada.map((c) => [c.firstName, c.accountId])).to.deep.equal([['Ada', 'acme-eu']]);
    const grace = (await client.listContacts({ search: 'Grace Hopper' })).items;
    expect(grace.map((c) => [c.email, c.accountId])).to.deep.equal([['grace@example.com', 'acme']], 'the default account, and the repeat skipped');

    const report = parseCsv(await el.report.text());
    expect(report[0]).to.deep.equal(['Line', 'Result', 'Contact ID', 'Message']);
    expect(report.slice(1).map((row) => [row[0], row[1]])).to.deep.equal([
      ['2', 'created'],
      ['3', 'invalid'],
      ['4', 'created'],
      ['5', 'skipped'],
    ]);
    expect(report[4]![3]).to.equal('Repeats line 4 of the file.');
    const resources = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(resources.filter((url) => /xlsx-reader|read-excel-file/.test(url))).to.deep.equal([], 'the .xlsx reader is loaded only for an .xlsx file');
  });

  it('skips or updates a contact that already exists with the same e-mail', async () => {
    const { client, el } = await setup();
    const victor = await client.getContact('c-victor');
    const file = `Email,First name,Last name,Job title\n${victor.email.toUpperCase()},Victor,Chen,Chief Engineer\n`;
    await loaded(el, csvFile(file));
    $(el, '[part="import-button"]').click();
    expect((await oneEvent(el, 'contact-imported')).detail).to.deep.include({ skipped: 1, created: 0 });
    expect((await client.getContact('c-victor')).jobTitle).to.equal(victor.jobTitle);

    el.reset();
    el.duplicates = 'update';
    await loaded(el, csvFile(file));
    $(el, '[part="import-button"]').click();
    expect((await oneEvent(el, 'contact-imported')).detail).to.deep.include({ updated: 1, created: 0 });
    const after = await client.getContact('c-victor');
    expect(after.jobTitle).to.equal('Chief Engineer');
    expect(after.accountId).to.equal(victor.accountId, 'the account stays');
  });

  it('sends one idempotency key per row that is the same when the same file is imported again', async () => {
    const { client, el } = await setup();
    const keys: string[] = [];
    const create = client.createContact.bind(client);
    client.createContact = (draft: ContactDraft, options?: CreateOptions) => {
      keys.push(options?.idempotencyKey ?? '');
      return create(draft, options);
    };
    const file = 'First name,Last name,Email\nLin,Keys,lin.keys@example.com\n';
    await loaded(el, csvFile(file));
    $(el, '[part="import-button"]').click();
    await oneEvent(el, 'contact-imported');
    el.reset();
    el.duplicates = 'update';
    await client.deleteContact((await client.listContacts({ search: 'lin.keys@example.com' })).items[0]!.id);
    await loaded(el, csvFile(file));
    $(el, '[part="import-button"]').click();
    await oneEvent(el, 'contact-imported');
    expect(keys).to.have.length(2);
    expect(keys[0]).to.match(/^import-[0-9a-f]{24}-2$/);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('reads a real .xlsx file with the built-in reader and imports exactly its valid, new rows', async () => {
    const { client, el } = await setup();
    const bytes = await (await fetch(new URL('./fixtures/contacts.xlsx', import.meta.url))).arrayBuffer();
    await loaded(el, new File([bytes], 'contacts.xlsx'));
    expect(performance.getEntriesByType('resource').some((entry) => entry.name.includes('xlsx-reader'))).to.equal(true, 'loaded now');
    const selects = $$<HTMLSelectElement>(el, '[part="mapping"] select');
    expect(selects.map((select) => select.value)).to.deep.equal(['honorific', 'firstName', 'lastName', 'jobTitle', 'email', 'mobilePhone', 'account', 'notifications', '']);
    expect($$(el, '[part="mapping"] .sample').map(text)).to.deep.equal(['Ms', 'Xia', 'Sheet', 'Analyst', 'xia.sheet@example.com', '+49 151 1234567', 'Acme Europe', 'yes', '1042']);
    expect(text($(el, '[role="status"]'))).to.equal('5 rows: 4 ready, 1 with errors.');
    const errors = text($(el, '[part="errors"]'));
    expect(errors).to.contain('Line 3:').and.contain('Unknown account "Unknown Corp".').and.contain('Write yes or no.').and.contain('Email:').and.contain('Last name:');
    await expect(el).to.be.accessible();

    const done = oneEvent(el, 'contact-imported');
    $(el, '[part="import-button"]').click();
    expect((await done).detail).to.deep.equal({ created: 2, updated: 0, skipped: 2, invalid: 1, failed: 0 });
    const report = parseCsv(await el.report.text());
    expect(report.slice(1).map((row) => [row[0], row[1]])).to.deep.equal([
      ['2', 'created'],
      ['3', 'invalid'],
      ['4', 'skipped'],
      ['5', 'skipped'],
      ['6', 'created'],
    ]);
    expect(report[3]![3]).to.contain('Victor Chen');
    expect(report[4]![3]).to.equal('Repeats line 2 of the file.');
    const xia = (await client.listContacts({ search: 'xia.sheet@example.com' })).items;
    expect(xia.map((c) => [c.honorific, c.jobTitle, c.mobilePhone, c.accountId, c.notifications])).to.deep.equal([['Ms', 'Analyst', '+49 151 1234567', 'acme-eu', true]]);
    const yuki = (await client.listContacts({ search: 'yuki.tanaka@example.com' })).items;
    expect(yuki.map((c) => [c.accountId, c.notifications])).to.deep.equal([['acme-eu', false]]);
    expect((await client.getContact('c-victor')).jobTitle).to.equal('Engineer', 'the duplicate was skipped');
  });

  it('names why an .xlsx file cannot be read, and uses a host-supplied reader instead of its own', async () => {
    const { el } = await setup();
    const xlsx = new File(['PK'], 'contacts.xlsx');
    await el.load(xlsx);
    await el.updateComplete;
    expect(text($(el, '[role="alert"]'))).to.contain('The file could not be read:');
    await expect(el).to.be.accessible();
    el.spreadsheetReader = () => Promise.resolve([['E-mail', 'First name', 'Last name'], ['x@example.com', 'Xia', 'Sheet']]);
    await loaded(el, xlsx);
    expect(text($(el, '[role="status"]'))).to.equal('1 row: 1 ready, 0 with errors.');
  });

  it('reads a 50,000-row CSV a slice at a time with progress, while the page keeps painting frames', async () => {
    const { el } = await setup();
    const lines = ['First name,Last name,Email,Job title'];
    for (let i = 0; i < 50_000; i += 1) lines.push(`First${i},Last${i},person${i}@example.com,"Role, ""${i}"""`);
    const file = csvFile(lines.join('\r\n'));
    // Other work of the page must get turns while the file is read: a chain of message tasks
    // (not throttled in a background tab, unlike timers) and, when the page is shown, frames.
    let tasks = 0;
    let frames = 0;
    let probing = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      tasks += 1;
      if (probing) channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
    const paint = () => {
      frames += 1;
      if (probing) requestAnimationFrame(paint);
    };
    requestAnimationFrame(paint);
    const progress: { loaded: number; total: number; records: number; tasks: number; frames: number }[] = [];
    el.addEventListener('contact-import-progress', (event) => progress.push({ ...event.detail, tasks, frames }));
    let sawProgressBar = false;
    el.addEventListener('contact-import-progress', () => void el.updateComplete.then(() => (sawProgressBar ||= el.shadowRoot!.querySelector('[part="read-progress"]') !== null)));
    await el.load(file);
    probing = false;
    channel.port1.close();
    expect(progress.length).to.be.greaterThan(2);
    const first = progress[0]!;
    const last = progress.at(-1)!;
    expect(last.loaded).to.equal(last.total);
    expect(last.records).to.equal(50_001);
    expect(progress.map((p) => p.loaded)).to.deep.equal(progress.map((p) => p.loaded).sort((a, b) => a - b));
    expect(last.tasks).to.be.greaterThan(first.tasks, 'other tasks ran while the file was being read');
    if (document.visibilityState === 'visible') expect(last.frames).to.be.greaterThan(first.frames, 'frames were painted while the file was being read');
    expect(sawProgressBar).to.equal(true);
    await el.updateComplete;
    expect(text($(el, '[role="status"]'))).to.equal('50000 rows: 50000 ready, 0 with errors.');
    expect($(el, '[part="import-button"]').textContent).to.contain('50000');
  });

  it('lets the host veto, and explains itself to a viewer who may not create contacts', async () => {
    const { el } = await setup();
    await loaded(el, csvFile('First name,Last name,Email\nVeto,Test,veto@example.com\n'));
    el.addEventListener('contact-import', (event) => event.preventDefault());
    await el.start();
    expect($$(el, '[part="mapping"]')).to.have.length(1, 'still on the mapping step');
    const { el: reader } = await setup('contact');
    expect(text(reader.shadowRoot!.querySelector('p'))).to.equal('You may not create contacts, so you cannot import them.');
  });
});
