import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  autoMapColumns,
  createSeedData,
  exportColumns,
  findDuplicate,
  importReportCsv,
  parseCsv,
  parseCsvAsync,
  rowsToDrafts,
  toCsv,
  type Contact,
} from '@portico/core';

const seed = createSeedData({ count: 5 });
const context = { accounts: seed.accounts, defaultAccountId: 'acme' };

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, newlines, CRLF and LF, and a BOM', () => {
    assert.deepEqual(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n"two\nlines",,x\ny,z\n\n'), [
      ['a', 'b,c', 'say "hi"'],
      ['two\nlines', '', 'x'],
      ['y', 'z'],
    ]);
    assert.deepEqual(parseCsv('last,line'), [['last', 'line']]);
  });

  it('reads back what the exporter writes, names in any script included', () => {
    const contacts: Contact[] = [{ ...seed.contacts[0]!, firstName: 'محمد', lastName: 'O\'Brien, "Jr"', jobTitle: '=1+1\nsecond' }];
    const columns = exportColumns(['firstName', 'lastName', 'jobTitle']);
    const records = parseCsv(toCsv(contacts, columns, { accountName: (id) => id }));
    assert.deepEqual(records, [['First name', 'Last name', 'Job title'], ['محمد', 'O\'Brien, "Jr"', "'=1+1\nsecond"]]);
  });
});

describe('parseCsvAsync', () => {
  it('gives the records parseCsv gives, for every slice size, yielding between slices', async () => {
    const input = '\uFEFFa,"b,c","say ""hi"""\r\n"two\r\nlines",,x\r\ny,z\r\n\r\n"""",end';
    for (let sliceSize = 1; sliceSize <= input.length; sliceSize += 1) {
      let yields = 0;
      const progress: number[] = [];
      const records = await parseCsvAsync(input, {
        sliceSize,
        onProgress: ({ loaded }) => progress.push(loaded),
        yieldToEventLoop: async () => {
          yields += 1;
        },
      });
      assert.deepEqual(records, parseCsv(input), `slice size ${sliceSize}`);
      assert.equal(yields > 0, sliceSize < input.length - 1, `yields at slice size ${sliceSize}`);
      assert.equal(progress.length, yields + 1, 'a progress after each slice and at the end');
      assert.equal(progress.at(-1), input.length - 1, 'the last progress is the whole text');
      assert.deepEqual([...progress].sort((x, y) => x - y), progress, 'progress only grows');
    }
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const reading = parseCsvAsync('a,b\n'.repeat(1000), { sliceSize: 10, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(reading, { name: 'AbortError' });
  });
});

describe('autoMapColumns', () => {
  it('maps our own headers, field ids and common aliases, each field once', () => {
    assert.deepEqual(autoMapColumns(['First name', 'SURNAME', 'E-Mail', 'Company', 'Mobile', 'notes', 'email']), [
      'firstName',
      'lastName',
      'email',
      'account',
      'mobilePhone',
      null,
      null,
    ]);
    assert.deepEqual(autoMapColumns(['Vorname'], { firstName: 'Vorname' }), ['firstName']);
  });
});

describe('rowsToDrafts', () => {
  const header = ['First name', 'Last name', 'Email', 'Account', 'Notifications', 'Job title'];
  const mapping = autoMapColumns(header);

  it('validates each row with the ContactDraft schema and names the line and field', () => {
    const rows = rowsToDrafts(
      [
        header,
        ['Ada', 'Lovelace', 'ada@example.com', 'Acme Europe', 'yes', "'=SUM(A1)"],
        ['', 'Nobody', 'not-an-email', 'Nowhere Inc', 'maybe', ''],
        ['Ken', 'Thompson', 'ken@example.com', '', '', ''],
      ],
      mapping,
      context,
    );
    const acmeEurope = seed.accounts.find((a) => a.name === 'Acme Europe')!;
    assert.equal(rows[0]!.line, 2);
    assert.deepEqual(rows[0]!.errors, []);
    assert.equal(rows[0]!.draft?.accountId, acmeEurope.id);
    assert.equal(rows[0]!.draft?.notifications, true);
    assert.equal(rows[0]!.draft?.jobTitle, '=SUM(A1)', 'the export’s apostrophe is taken off');
    assert.equal(rows[1]!.draft, null);
    assert.deepEqual(rows[1]!.errors.map((e) => e.field).sort(), ['accountId', 'email', 'firstName', 'notifications']);
    assert.equal(rows[2]!.draft?.accountId, 'acme', 'the default account');
  });

  it('asks for an account when there is no default', () => {
    const [row] = rowsToDrafts([['Email', 'First name', 'Last name'], ['a@example.com', 'A', 'B']], autoMapColumns(['Email', 'First name', 'Last name']), { accounts: seed.accounts });
    assert.deepEqual(row!.errors.map((e) => e.field), ['accountId']);
  });
});

describe('findDuplicate and the report', () => {
  it('matches by e-mail first (any case), then by name', () => {
    const [a, b] = seed.contacts;
    assert.equal(findDuplicate({ email: a!.email.toUpperCase(), firstName: 'X', lastName: 'Y' }, seed.contacts)?.id, a!.id);
    assert.equal(findDuplicate({ email: 'new@example.com', firstName: b!.firstName, lastName: b!.lastName.toLowerCase() }, seed.contacts)?.id, b!.id);
    assert.equal(findDuplicate({ email: 'new@example.com', firstName: 'No', lastName: 'Body' }, seed.contacts), undefined);
  });

  it('writes the report as CSV with a header, formula-safe', () => {
    const csv = importReportCsv([
      { line: 2, outcome: 'created', contactId: 'c-1', message: '' },
      { line: 3, outcome: 'invalid', contactId: null, message: '=bad, "quoted"' },
    ]);
    assert.deepEqual(parseCsv(csv), [
      ['Line', 'Result', 'Contact ID', 'Message'],
      ['2', 'created', 'c-1', ''],
      ['3', 'invalid', '', '\'=bad, "quoted"'],
    ]);
  });
});
