import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CSV_BOM,
  DEFAULT_EXPORT_COLUMNS,
  EXPORT_COLUMN_IDS,
  EXPORT_HEADERS_EN,
  createSeedData,
  csvField,
  csvRecord,
  exportColumns,
  exportFileName,
  exportHeaders,
  exportStatusNames,
  exportYesNo,
  EXPORT_STATUS_NAMES,
  neutraliseFormula,
  PHONE_MARK,
  restoreFormula,
  rowsToDrafts,
  toCsv,
  type Contact,
} from '@portico/core';

const seed = createSeedData({ count: 3 });
const context = { accountName: (id: string) => seed.accounts.find((account) => account.id === id)?.name ?? id };
const contact = (overrides: Partial<Contact>): Contact => ({ ...seed.contacts[0]!, ...overrides });

describe('export columns', () => {
  it('has an English header for every column and defaults for an empty or unknown choice', () => {
    for (const id of EXPORT_COLUMN_IDS) assert.ok(EXPORT_HEADERS_EN[id]);
    assert.deepEqual(exportColumns().map((c) => c.id), DEFAULT_EXPORT_COLUMNS);
    assert.deepEqual(exportColumns(['nope']).map((c) => c.id), DEFAULT_EXPORT_COLUMNS);
  });

  it('keeps the chosen order and drops unknown ids and duplicates', () => {
    assert.deepEqual(exportColumns(['email', 'x', 'firstName', 'email']).map((c) => c.id), ['email', 'firstName']);
  });

  it('reads values: account names, status, dates as dates, empty as null', () => {
    const c = contact({ jobTitle: null, login: { ...seed.contacts[0]!.login, state: 'locked' } });
    const [account, status, jobTitle, created] = exportColumns(['account', 'status', 'jobTitle', 'createdAt']).map((column) => column.value(c, context));
    assert.equal(account, context.accountName(c.accountId));
    assert.equal(status, 'Locked', 'as the list shows it (English without a statusName)');
    assert.equal(jobTitle, null);
    assert.ok(created instanceof Date);
    assert.equal(created.toISOString(), c.createdAt);
  });

  it('names the file after the UTC day', () => {
    assert.equal(exportFileName('csv', new Date('2026-11-24T23:30:00Z')), 'contacts-2026-11-24.csv');
  });
});

describe('CSV writer', () => {
  it('quotes commas, quotes, CR and LF as RFC 4180 says', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(null), '');
    assert.equal(csvRecord(['a', null, 'b']), 'a,,b\r\n');
  });

  it('quotes the separators of other locales, so a semicolon or tab never starts a new cell', () => {
    // Opened in a German or French spreadsheet (`;` separator) the unquoted cell was split into a live `=1+1`.
    assert.equal(csvField('x;y'), '"x;y"');
    assert.equal(csvField('x\ty'), '"x\ty"');
    assert.equal(csvField('line\u2028break'), '"line\u2028break"');
    assert.equal(csvRecord(['a;b', 'c']), '"a;b",c\r\n');
  });

  it('neutralises every formula trigger with a leading apostrophe', () => {
    for (const trigger of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${trigger}HYPERLINK("http://evil")`;
      assert.equal(neutraliseFormula(value), `'${value}`);
      assert.ok(csvField(value).replace(/^"/, '').startsWith("'"), JSON.stringify(value));
      assert.equal(restoreFormula(neutraliseFormula(value)), value);
    }
    assert.equal(neutraliseFormula('Ada'), 'Ada');
    // A spreadsheet splitting at ';' (German, French) or at a line break starts a cell there.
    for (const value of ['x;=1+1;y', 'x,+1', 'x\t-1', 'x\n@SUM(A1)', 'x;=1;=2']) {
      const neutralised = neutraliseFormula(value);
      assert.doesNotMatch(neutralised, /[,;\t\r\n][=+\-@]/, JSON.stringify(value));
      assert.equal(restoreFormula(neutralised), value);
    }
    assert.equal(csvField('x;=1+1;y'), `"x;'=1+1;y"`);
    assert.equal(neutraliseFormula('=a;=b'), "'=a;'=b");
    assert.equal(neutraliseFormula('a=b; c-d'), 'a=b; c-d');
    assert.equal(neutraliseFormula('a=b'), 'a=b');
    assert.equal(restoreFormula("O'Brien"), "O'Brien");
    assert.equal(restoreFormula("'quoted"), "'quoted");
  });

  it('writes a BOM, a header record and one record per contact', () => {
    const csv = toCsv(seed.contacts.slice(0, 2), exportColumns(['firstName', 'email']), context);
    assert.ok(csv.startsWith(CSV_BOM));
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines[0], 'First name,Email');
    assert.equal(lines[1], `${seed.contacts[0]!.firstName},${seed.contacts[0]!.email}`);
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
  });

  it('writes a phone number behind an invisible left-to-right mark, never behind an apostrophe', () => {
    const c = contact({ businessPhone: '+49 30 1234567', mobilePhone: '0301234567' });
    const csv = toCsv([c], exportColumns(['businessPhone', 'mobilePhone', 'jobTitle']), context);
    assert.equal(csv.split('\r\n')[1], `${PHONE_MARK}+49 30 1234567,${PHONE_MARK}0301234567,${c.jobTitle ?? ''}`);
    assert.ok(!csv.includes("'+"), 'no apostrophe');
    // A phone column holding something else (data stored another way) is neutralised as any text.
    const odd = toCsv([contact({ businessPhone: '+1+2', mobilePhone: null })], exportColumns(['businessPhone', 'mobilePhone']), context);
    assert.equal(odd.split('\r\n')[1], "'+1+2,");
    // Our own export comes back as the numbers stored.
    assert.equal(restoreFormula(`${PHONE_MARK}+49 30 1234567`), '+49 30 1234567');
    assert.equal(restoreFormula(`${PHONE_MARK}=1+1`), `${PHONE_MARK}=1+1`);
  });

  it('takes localised headers', () => {
    const csv = toCsv([], exportColumns(['firstName']), context, { ...EXPORT_HEADERS_EN, firstName: 'Vorname' });
    assert.equal(csv, `${CSV_BOM}Vorname\r\n`);
  });
});

describe('exportStatusNames', () => {
  it('names each status as the list does, in the export\'s language', () => {
    const locked = contact({ login: { ...seed.contacts[0]!.login, state: 'locked' } });
    const none = contact({ login: { ...seed.contacts[0]!.login, state: 'none' } });
    const german = { ...context, statusName: (status: keyof typeof EXPORT_STATUS_NAMES.de) => exportStatusNames('de-AT')[status] };
    const csv = toCsv([locked, none], exportColumns(['status']), german);
    assert.deepEqual(csv.slice(1).split('\r\n').slice(1, 3), ['Gesperrt', 'Kein Login']);
    for (const lang of [undefined, 'xx', '__proto__', 'constructor']) assert.deepEqual(exportStatusNames(lang), EXPORT_STATUS_NAMES.en, String(lang));
  });
});

describe('exportYesNo', () => {
  it('writes notifications as yes or no in the export\'s language, which import reads back', () => {
    const on = contact({ notifications: true });
    const off = contact({ notifications: false });
    const rows = (lang?: string) => {
      const words = exportYesNo(lang);
      return toCsv([on, off], exportColumns(['notifications']), { ...context, yesNo: (value) => (value ? words.yes : words.no) }).slice(1).split('\r\n').slice(1, 3);
    };
    assert.deepEqual(toCsv([on, off], exportColumns(['notifications']), context).slice(1).split('\r\n').slice(1, 3), ['Yes', 'No']);
    assert.deepEqual(rows('de-AT'), ['Ja', 'Nein']);
    assert.deepEqual(rows('es'), ['Sí', 'No']);
    assert.deepEqual(rows('ja'), ['はい', 'いいえ']);
    assert.deepEqual(rows('__proto__'), ['Yes', 'No']);
    for (const lang of ['en', 'de', 'fr', 'es', 'ja', 'ar']) {
      const [yes, no] = rows(lang);
      const read = rowsToDrafts(
        [['First name', 'Last name', 'Email', 'Notifications'], ['A', 'B', 'a@example.com', yes!], ['C', 'D', 'c@example.com', no!]],
        ['firstName', 'lastName', 'email', 'notifications'],
        { accounts: seed.accounts, defaultAccountId: seed.accounts[0]!.id },
      );
      assert.deepEqual(read.map((row) => row.draft?.notifications ?? row.errors), [true, false], lang);
    }
  });
});

describe('exportHeaders', () => {
  it('picks a shipped language by tag and English for anything else, prototype names included', () => {
    assert.equal(exportHeaders('de-CH').firstName, 'Vorname');
    for (const lang of [undefined, 'xx', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      assert.deepEqual(exportHeaders(lang), EXPORT_HEADERS_EN, String(lang));
    }
  });
});
