import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { exportWriters } from '@portico/export';
import { ContactsError, type ContactsClient, type ExportFormat, type ExportOptions, type ListQueryInput } from '@portico/core';
import type { ContactExport } from './contact-export.js';
import type { ContactList } from '../contact-list/contact-list.js';
import { sendKeys } from '@web/test-runner-commands';
import { $, $$, text, until, screenshot } from '../test-helpers.js';
import '../define-all.js';

const render = async (client: ContactsClient, query: ListQueryInput = {}, ids: string[] = []) => {
  const el = await fixture<ContactExport>(html`<contact-export .client=${client} .query=${query} .ids=${ids}></contact-export>`);
  await until(() => el.activeViewer !== undefined, 'no viewer');
  await el.updateComplete;
  return el;
};

/** Catches the download link's click instead of letting the browser save a file. */
const catchDownload = (el: ContactExport) =>
  new Promise<{ name: string; href: string }>((resolve) => {
    el.shadowRoot!.addEventListener(
      'click',
      (event) => {
        const link = event.target as HTMLAnchorElement;
        if (link.localName !== 'a') return;
        event.preventDefault();
        resolve({ name: link.download, href: link.href });
      },
      { capture: true },
    );
  });

/** A client whose export waits until the test lets it go, to observe progress and Cancel. */
const gatedClient = () => {
  const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const original = client.exportContacts.bind(client);
  client.exportContacts = async (query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}) => {
    options.onProgress?.({ done: 10, total: 40, bytes: 500 });
    await new Promise<void>((resolve, reject) => {
      void gate.then(resolve);
      options.signal?.addEventListener('abort', () => reject(new ContactsError('The request was aborted.', { code: 'aborted' })));
    });
    return original(query, format, options);
  };
  return { client, release };
};

/**
 * A container with `lang` for the fixture. A `<div>` fixture would wait for an animation frame,
 * which a page the runner keeps in the background never gets; the element's own update does not.
 */
const inLanguage = (lang: string) => {
  const container = document.createElement('div');
  container.lang = lang;
  document.body.append(container);
  containers.push(container);
  return container;
};
const containers: HTMLElement[] = [];
afterEach(() => containers.splice(0).forEach((container) => container.remove()));

/** A client that declares CSV only, for the one-format layout. */
const csvOnly = (client: MemoryContactsClient) => {
  Object.defineProperty(client, 'exportFormats', { value: ['csv'] });
  return client;
};

describe('<contact-export>', () => {
  it('offers the formats the client declares and downloads a dated CSV of the query', async () => {
    const client = csvOnly(new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' }));
    const el = await render(client, { search: 'a', filters: { status: 'active' } });
    expect($$(el, 'select')).to.have.length(0, 'one format: no choice');
    expect(text($(el, '[part="export-button"]'))).to.equal('Export (CSV)');
    await expect(el).to.be.accessible();
    const download = catchDownload(el);
    const intent = oneEvent(el, 'contact-export');
    const done = oneEvent(el, 'contact-exported');
    $(el, '[part="export-button"]').click();
    expect((await intent).detail).to.deep.include({ format: 'csv', ids: null });
    const { detail } = await done;
    const today = new Date().toISOString().slice(0, 10);
    expect(detail.fileName).to.equal(`contacts-${today}.csv`);
    expect((await download).name).to.equal(`contacts-${today}.csv`);
    const csv = await detail.blob.text();
    const listed = await client.listContacts({ search: 'a', filters: { status: 'active' }, pageSize: 200 });
    expect(csv.trim().split('\r\n')).to.have.length(listed.total + 1);
    await el.updateComplete;
    expect(text($(el, '[part="message"]'))).to.equal(`contacts-${today}.csv is ready.`);
    await expect(el).to.be.accessible();
  });

  it('exports only the selection when ids are given', async () => {
    const client = csvOnly(new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' }));
    const el = await render(client, {}, ['c-victor', 'c-carlos']);
    expect(text($(el, '[part="export-button"]'))).to.equal('Export 2 selected (CSV)');
    catchDownload(el);
    const done = oneEvent(el, 'contact-exported');
    $(el, '[part="export-button"]').click();
    const csv = await (await done).detail.blob.text();
    expect(csv).to.contain('Victor').and.contain('Carlos');
    expect(csv.trim().split('\r\n')).to.have.length(3);
  });

  it('writes the header row in the language of the page', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    let asked: ExportOptions | undefined;
    const original = client.exportContacts.bind(client);
    client.exportContacts = (query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}) => {
      asked = options;
      return original(query, format, options);
    };
    const el = await fixture<ContactExport>(html`<contact-export .client=${client} .ids=${['c-victor']}></contact-export>`, { parentNode: inLanguage('de-CH') });
    await until(() => el.activeViewer !== undefined && $(el, '[part="export-button"]') !== null, 'no viewer');
    catchDownload(el);
    const done = oneEvent(el, 'contact-exported');
    $(el, '[part="export-button"]').click();
    const csv = await (await done).detail.blob.text();
    expect(asked?.lang).to.equal('de-CH');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).to.contain('Vorname').and.contain('Nachname');
  });

  it("exports the list's visible columns from its toolbar", async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client} .columns=${['name', 'email', 'actions']}></contact-list>`);
    await until(() => list.shadowRoot!.querySelector('contact-export') !== null, 'no export in the toolbar');
    expect(list.shadowRoot!.querySelector<ContactExport>('contact-export')!.columns).to.deep.equal(['firstName', 'lastName', 'email']);
  });

  it("labels its format like the list's toolbar labels its fields", async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => list.shadowRoot!.querySelector('contact-export')?.shadowRoot?.querySelector('label[for="format"]') != null, 'no format label');
    const format = getComputedStyle(list.shadowRoot!.querySelector('contact-export')!.shadowRoot!.querySelector('label[for="format"]')!);
    const search = getComputedStyle(list.shadowRoot!.querySelector('.toolbar label')!);
    expect(Number(format.fontWeight)).to.be.at.least(600);
    expect([format.fontWeight, format.fontSize]).to.deep.equal([search.fontWeight, search.fontSize]);
  });

  it('lets the host veto the export', async () => {
    const { client } = gatedClient();
    let called = false;
    const exportContacts = client.exportContacts;
    client.exportContacts = (...args) => ((called = true), exportContacts(...args));
    const el = await render(client);
    el.addEventListener('contact-export', (event) => event.preventDefault());
    $(el, '[part="export-button"]').click();
    await el.updateComplete;
    expect(called).to.equal(false);
  });

  it('shows progress and stops on Cancel', async () => {
    const { client } = gatedClient();
    const el = await render(client);
    const finished = el.start();
    await el.updateComplete;
    await until(() => el.shadowRoot!.querySelector('progress') !== null, 'no progress bar');
    await el.updateComplete;
    const progress = $<HTMLProgressElement>(el, 'progress');
    expect(progress.max).to.equal(40);
    expect(progress.value).to.equal(10);
    expect(text($(el, '.progress'))).to.contain('10 of 40 contacts');
    expect($<HTMLButtonElement>(el, '[part="export-button"]').disabled).to.equal(true);
    await expect(el).to.be.accessible();
    $(el, '[part="cancel-button"]').click();
    await finished;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('progress')).to.equal(null);
    expect(text($(el, '[part="message"]'))).to.equal('The export was cancelled.');
  });

  it('shows an error the client rejected with', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    client.exportContacts = () => Promise.reject(new ContactsError('The server is down.', { code: 'server', status: 500 }));
    const el = await render(client);
    $(el, '[part="export-button"]').click();
    await until(() => el.shadowRoot!.querySelector('[role="alert"]') !== null, 'no error');
    expect(text($(el, '[role="alert"]'))).to.equal('The export failed: The server is down.');
    await expect(el).to.be.accessible();
  });

  it('offers a format choice when the client has several', async () => {
    const el = await render(new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' }));
    const options = $$<HTMLOptionElement>(el, 'option').map((option) => option.textContent);
    expect(options).to.deep.equal(['CSV', 'Excel', 'PDF']);
    expect(text($(el, '[part="export-button"]'))).to.equal('Export all');
    await expect(el).to.be.accessible();
  });

  it('renders nothing for a viewer without contact.export or a client without export', async () => {
    const viewerOnly = await render(new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'contact_editor' }));
    expect(viewerOnly.shadowRoot!.querySelector('button')).to.equal(null);
    const noCapability = await render(new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin', capabilities: { export: false } }));
    expect(noCapability.shadowRoot!.querySelector('button')).to.equal(null);
  });
});

describe('<contact-export> with an adapter that builds the file in the page', () => {
  /** Picks a format in the select and exports, as a user does; resolves with the file. */
  const exportAs = async (el: ContactExport, format: ExportFormat) => {
    const select = $<HTMLSelectElement>(el, 'select');
    select.value = format;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const download = catchDownload(el);
    const done = oneEvent(el, 'contact-exported');
    $(el, '[part="export-button"]').click();
    const { detail } = await done;
    expect((await download).name).to.equal(`contacts-${new Date().toISOString().slice(0, 10)}.${format}`);
    return detail.blob;
  };

  it('builds an Excel file: localised header, names in every script, formulas kept as text', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const victor = await client.getContact('c-victor');
    const special = await client.createContact({ accountId: victor.accountId, firstName: '花子 🎉', lastName: 'العلي', jobTitle: '=1+1', email: 'hanako@acme.example', notifications: false });
    const el = await fixture<ContactExport>(html`<contact-export .client=${client} .ids=${[special.id, 'c-victor']} .columns=${['firstName', 'lastName', 'jobTitle', 'createdAt']}></contact-export>`, {
      parentNode: inLanguage('ja'),
    });
    await until(() => el.activeViewer !== undefined && $(el, 'select') !== null, 'no format choice');
    const blob = await exportAs(el, 'xlsx');
    expect(blob.type).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await blob.arrayBuffer());
    const sheet = workbook.getWorksheet('Contacts')!;
    expect([1, 2, 3, 4].map((column) => sheet.getRow(1).getCell(column).value)).to.deep.equal(['名', '姓', '役職', '作成日時']);
    expect(sheet.getRow(1).font?.bold).to.equal(true);
    const row = sheet.getRow(2);
    expect([1, 2, 3].map((column) => row.getCell(column).value)).to.deep.equal(['花子 🎉', 'العلي', '=1+1']);
    expect(row.getCell(3).type).to.equal(ExcelJS.ValueType.String);
    expect(row.getCell(4).value).to.be.instanceOf(Date);
    expect(sheet.getRow(3).getCell(1).value).to.equal(victor.firstName);
  });

  it('builds a PDF with the fonts it needs, fetched only then, and reports progress', async () => {
    const fetched: string[] = [];
    const client = new MemoryContactsClient({
      viewer: 'customer_admin',
      exportWriters: exportWriters({
        // The test server serves node_modules; a host serves the font packages' folders the same way.
        fonts: async (font) => {
          fetched.push(font.file);
          return (await fetch(`/node_modules/${font.package}/${font.file}`)).arrayBuffer();
        },
      }),
    });
    const el = await render(client);
    const progress: number[] = [];
    const original = client.exportContacts.bind(client);
    client.exportContacts = (query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}) =>
      original(query, format, { ...options, onProgress: (p) => (progress.push(p.done ?? 0), options.onProgress?.(p)) });
    expect(fetched).to.deep.equal([], 'no font before a PDF is asked for');
    const blob = await exportAs(el, 'pdf');
    expect(blob.type).to.equal('application/pdf');
    expect(await blob.slice(0, 5).text()).to.equal('%PDF-');
    const listed = await client.listContacts({ pageSize: 1 });
    expect(progress.at(-1)).to.equal(listed.total);
    expect(fetched).to.include('400Regular/NotoSans_400Regular.ttf').and.include('700Bold/NotoSans_700Bold.ttf');
    expect(new Set(fetched).size).to.equal(fetched.length, 'each font fetched once');
    expect(await blob.text()).to.contain('/FontFile2');
  });
});

describe('<contact-list> export', () => {
  it('offers Export in the toolbar for the current query, and for the selection', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client} status="active"></contact-list>`);
    await until(() => list.shadowRoot!.querySelector('contact-export') !== null && list.contacts.length > 0, 'no export in the toolbar');
    const exporter = list.shadowRoot!.querySelector<ContactExport>('contact-export')!;
    expect(exporter.query).to.deep.equal({ filters: { status: 'active' }, sort: { field: 'name', direction: 'asc' } });
    $<HTMLInputElement>(list, 'tbody input[type="checkbox"]').click();
    await list.updateComplete;
    expect(exporter.ids).to.deep.equal([list.contacts[0]!.id]);
  });

  it('says what it will export: all, the contacts a search matches, the selection', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => list.shadowRoot!.querySelector('contact-export') !== null && list.contacts.length > 0, 'no export in the toolbar');
    const exporter = list.shadowRoot!.querySelector<ContactExport>('contact-export')!;
    const button = () => text(exporter.shadowRoot!.querySelector('[part="export-button"]'));
    expect(button()).to.equal('Export all');
    const matching = (await client.listContacts({ search: 'an', pageSize: 100 })).total;
    expect(matching).to.be.greaterThan(1);
    $<HTMLInputElement>(list, 'input[type="search"]').focus();
    await sendKeys({ type: 'an' });
    await until(() => button() === `Export ${matching} matching contacts`, `the button says "Export ${matching} matching contacts", not "${button()}"`);
    await expect(exporter).to.be.accessible();
    await screenshot('export-matching-contacts');
    // What it says is what the file holds.
    catchDownload(exporter);
    const done = oneEvent(exporter, 'contact-exported');
    exporter.shadowRoot!.querySelector<HTMLButtonElement>('[part="export-button"]')!.click();
    expect((await (await done).detail.blob.text()).trim().split('\r\n')).to.have.length(matching + 1);
    $<HTMLInputElement>(list, 'tbody input[type="checkbox"]').click();
    await until(() => button() === 'Export 1 selected', 'the selection');
  });

  it('says it in the six languages', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const expected: Record<string, [string, string, string]> = {
      en: ['Export all', 'Export 7 matching contacts', 'Export 1 matching contact'],
      de: ['Alle exportieren', '7 passende Kontakte exportieren', '1 passenden Kontakt exportieren'],
      fr: ['Tout exporter', 'Exporter 7 contacts correspondants', 'Exporter 1 contact correspondant'],
      es: ['Exportar todo', 'Exportar 7 contactos coincidentes', 'Exportar 1 contacto coincidente'],
      ja: ['すべてエクスポート', '一致する 7 件をエクスポート', '一致する 1 件をエクスポート'],
      ar: ['تصدير الكل', 'تصدير 7 جهات اتصال مطابقة', 'تصدير جهة اتصال واحدة مطابقة'],
    };
    for (const [lang, [all, seven, one]] of Object.entries(expected)) {
      const el = await fixture<ContactExport>(html`<contact-export .client=${client}></contact-export>`, { parentNode: inLanguage(lang) });
      await until(() => el.shadowRoot!.querySelector('[part="export-button"]') !== null, 'no button');
      const button = () => text($(el, '[part="export-button"]'));
      // The language's strings load on first use.
      await until(() => button() === all, `${lang}: "${all}", not "${button()}"`);
      el.query = { search: 'an' };
      el.total = 7;
      await el.updateComplete;
      expect(button(), lang).to.equal(seven);
      // A filter narrows as a search does.
      el.query = { filters: { status: 'locked' } };
      el.total = 1;
      await el.updateComplete;
      expect(button(), lang).to.equal(one);
    }
  });

  it("has the User ID column in the page's export", async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => list.shadowRoot!.querySelector('contact-export') !== null && list.contacts.length > 0, 'no export in the toolbar');
    const withLogin = list.contacts.find((contact) => contact.userId)!;
    $<HTMLInputElement>(list, `tbody tr[data-id="${withLogin.id}"] input[type="checkbox"]`).click();
    await list.updateComplete;
    const exporter = list.shadowRoot!.querySelector<ContactExport>('contact-export')!;
    catchDownload(exporter);
    const done = oneEvent(exporter, 'contact-exported');
    exporter.shadowRoot!.querySelector<HTMLButtonElement>('[part="export-button"]')!.click();
    const [header, row] = (await (await done).detail.blob.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(',')).to.include('User ID');
    expect(row!.split(',')[header!.split(',').indexOf('User ID')]).to.equal(withLogin.userId);
  });

  it('has no Export for a viewer who may not export', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'contact_editor' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => list.contacts.length > 0 && list.activeViewer !== undefined, 'no contacts');
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('contact-export')).to.equal(null);
  });
});
