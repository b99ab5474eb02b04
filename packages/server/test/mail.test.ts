// Real e-mail (issue 18, item 3): mails leave by SMTP, in the recipient's language, text and HTML,
// with links on the configured public URL; an SMTP server started here on 127.0.0.1 receives them.
import { DEMO_PASSWORD } from '@portico/core';
import { simpleParser, type ParsedMail } from 'mailparser';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { CSRF_HEADER, createPgliteDatabase, MAIL_LANGUAGES, migrate, renderMail, seedDatabase, startServer, type Database, type RunningServer } from '../src/index.js';
import { userIdOf } from './helpers.js';

const PUBLIC_URL = 'https://contacts.portal.example/portal';
const FROM = 'Portal <no-reply@portal.example>';

let db: Database;
let smtp: SMTPServer;
let smtpPort: number;
let server: RunningServer;
/** Mails the SMTP server received, and who waits for the next one. */
const received: ParsedMail[] = [];
const waiting: ((mail: ParsedMail) => void)[] = [];
const nextMail = () => new Promise<ParsedMail>((resolve) => waiting.push(resolve));

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, done) => {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          waiting.shift()?.(mail);
          done();
        },
        (error: Error) => done(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  db = await createPgliteDatabase();
  await migrate(db);
  await seedDatabase(db);
  server = await startServer({ db, port: 0, publicUrl: PUBLIC_URL, rateLimits: false, smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: FROM }, mailRetryMs: 0 });
});
after(async () => {
  await server?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await db?.close();
});

const post = async (path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const signIn = async (userId: string) => {
  const response = await post('/api/session', {}, { userId, password: DEMO_PASSWORD });
  assert.equal(response.status, 200);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return { cookie, [CSRF_HEADER]: response.headers.get(CSRF_HEADER) ?? '' };
};

test('a reset link goes out by SMTP in the recipient’s language (es-ES), text and HTML, on the public URL, and works', async () => {
  const admin = await signIn(userIdOf('admin'));
  const arrived = nextMail();
  const response = await post('/api/contacts/c-carlos/password-reset', admin, { mode: 'link' });
  assert.equal(response.status, 200, await response.clone().text());
  const mail = await arrived;
  assert.equal(mail.from?.value[0]?.address, 'no-reply@portal.example');
  assert.deepEqual(
    [mail.to].flat().flatMap((to) => to?.value.map((address) => address.address)),
    ['carlos.ruiz@acme.example'],
  );
  assert.equal(mail.subject, 'Restablezca su contraseña del portal');
  assert.match(mail.text ?? '', /^Hola, Carlos Ruiz:/);
  const link = new RegExp(`${PUBLIC_URL.replaceAll('.', '\\.')}/reset-password\\?token=([\\w-]+)`);
  const token = link.exec(mail.text ?? '')?.[1];
  assert.ok(token, mail.text);
  assert.match(String(mail.html), new RegExp(`<a href="${PUBLIC_URL.replaceAll('.', '\\.')}/reset-password\\?token=${token}">`));
  assert.match(String(mail.html), /<html lang="es" dir="ltr">/);
  assert.match(mail.text ?? '', new RegExp(`Portal: ${PUBLIC_URL.replaceAll('.', '\\.')}`));
  const confirm = await post('/api/password-reset/confirm', {}, { token, password: 'a-new-pass-for-carlos-7' });
  assert.equal(confirm.status, 204, await confirm.clone().text());
});

test('a temporary password goes out in English to an en-IE contact, and is not mailed twice', async () => {
  const admin = await signIn(userIdOf('admin'));
  const before = received.length;
  const arrived = nextMail();
  const response = await post('/api/contacts/c-erin/password-reset', admin, { mode: 'temporary' });
  assert.equal(response.status, 200);
  const mail = await arrived;
  assert.equal(mail.subject, 'Your temporary portal password');
  const password = /temporary password is (\S+)\./.exec(mail.text ?? '')?.[1];
  assert.ok(password);
  const withTemporary = await post('/api/session', {}, { userId: userIdOf('contact_editor'), password });
  assert.equal(withTemporary.status, 200, 'the mailed temporary password signs in');
  // Every mail is marked sent: another write request's flush sends nothing more.
  await post('/api/contacts/c-erin/password-reset', admin, { mode: 'set', password: 'erin-chosen-pass-22' });
  const { rows } = await db.query<{ pending: number }>('select count(*)::int as pending from outbox where deliver and delivered_at is null');
  assert.equal(rows[0]?.pending, 0);
  assert.equal(received.length, before + 1);
});

test('the templates exist in the six languages of the elements, text and HTML, with the values escaped in HTML', () => {
  const subjects = new Set<string>();
  for (const language of MAIL_LANGUAGES) {
    const mail = renderMail({ kind: 'login-created', name: '<b>Ada</b>', userId: 'ada.l', link: 'https://p.example/reset-password?token=a&b' }, { language, portalUrl: 'https://p.example' });
    subjects.add(mail.subject);
    assert.ok(mail.text.includes('<b>Ada</b>') && mail.text.includes('ada.l') && mail.text.includes('https://p.example/reset-password?token=a&b'), language);
    assert.ok(!mail.html.includes('<b>Ada</b>') && mail.html.includes('&lt;b&gt;Ada&lt;/b&gt;'), language);
    assert.ok(mail.html.includes('href="https://p.example/reset-password?token=a&amp;b"'), language);
    assert.match(mail.html, new RegExp(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`));
  }
  assert.equal(subjects.size, MAIL_LANGUAGES.length, 'a subject of its own in each language');
  assert.equal(renderMail({ kind: 'address-changed', name: 'A' }, { language: 'de-CH' }).subject, 'Ihre E-Mail-Adresse im Portal wurde geändert');
  assert.equal(renderMail({ kind: 'address-changed', name: 'A' }, { language: 'pt-BR' }).subject, 'Your portal e-mail address was changed');
});
