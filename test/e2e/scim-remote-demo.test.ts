// `npm start -- --backend scim --scim-url URL --scim-token T --scim-viewer U`, end to end: the demo page
// on the SCIM adapter against a SCIM server it did not start — here the test server's strict
// profile, which has no /Me, no enterprise extension and filters only with eq.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { createSeedData } from '@portico/core';
import { startDemo, type RunningDemo } from '../../scripts/demo-server.js';
import { STRICT_PROFILE, startScimServer, tokenFor, type ScimServerHandle } from '../servers/scim-server.js';
import { launchBrowser, pageErrors } from './browser.js';

let scim: ScimServerHandle;
let demo: RunningDemo;
let browser: Browser;

before(async () => {
  scim = await startScimServer({ profile: STRICT_PROFILE });
  demo = await startDemo({ port: 0, apiPort: 0, memory: true, backend: 'scim', scimServer: { url: scim.url, token: tokenFor('carlos.ruiz'), viewer: 'carlos.ruiz' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.close();
  await scim?.close();
});

it('runs the manager against a SCIM server of your own, with the viewer from the command line', async () => {
  const page = await browser.newPage();
  const errors = pageErrors(page);
  await page.goto(demo.url);
  // No sign-in list: the token is the proxy's, and Victor Chen is in Carlos's account.
  await page.waitForFunction(
    () => {
      const manager = document.querySelector('contact-manager');
      const list = manager?.shadowRoot?.querySelector('contact-list');
      return list?.shadowRoot?.textContent?.includes('Chen') ?? false;
    },
    { timeout: 20000, polling: 100 },
  );
  const capabilities = await page.evaluate(() => (document.querySelector('#provider') as unknown as { client: { capabilities: Record<string, unknown> } }).client.capabilities);
  assert.equal(capabilities['search'], 'exact', 'an eq-only server finds whole user IDs and e-mail addresses');
  assert.equal(capabilities['statusFilter'], false);
  // The search box says what it can find, and finds a contact by the whole address.
  const list = await page.evaluateHandle(() => document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-list')!.shadowRoot!);
  assert.equal(
    await list.evaluate((root) => root.getElementById(root.querySelector('#search')!.getAttribute('aria-describedby') ?? '')?.textContent?.trim()),
    'Exact match only: type a full user ID or e-mail',
  );
  assert.equal(await list.evaluate((root) => root.querySelector('#status')), null, 'no status filter the server would refuse');
  const victor = createSeedData().contacts.find((contact) => contact.id === 'c-victor')!;
  const search = (await list.evaluateHandle((root) => root.querySelector('#search')!)).asElement() as ElementHandle<Element>;
  await search.type(victor.email);
  await page.waitForFunction(
    (root: ShadowRoot) => {
      const rows = [...root.querySelectorAll('tbody tr[data-id]')];
      return rows.length === 1 && rows[0]!.textContent!.includes('Chen');
    },
    { timeout: 20000, polling: 100 },
    list,
  );
  assert.equal(capabilities['create'], true, 'accounts as Group membership keep create');
  assert.equal(await page.evaluate(() => document.querySelector('#session')?.textContent), 'carlos.ruiz');
  assert.deepEqual(errors, []);
});
