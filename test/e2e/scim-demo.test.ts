// `npm start -- --backend scim`, end to end: the demo page on the SCIM adapter against scimmy, in Chromium.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { startDemo, type RunningDemo } from '../../scripts/demo-server.js';
import { launchBrowser, pageErrors } from './browser.js';

let demo: RunningDemo;
let browser: Browser;

before(async () => {
  demo = await startDemo({ port: 0, apiPort: 0, memory: true, backend: 'scim' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

it('signs in on the SCIM backend, lists contacts, and has no lock or password mail', async () => {
  const page = await browser.newPage();
  const errors = pageErrors(page);
  await page.goto(demo.url);
  const carlos = await page.waitForSelector('#viewers button ::-p-text(carlos.ruiz)');
  await carlos!.click();
  // The list renders rows from the SCIM server (Victor Chen is in Carlos's account).
  await page.waitForFunction(
    () => {
      const manager = document.querySelector('contact-manager');
      const list = manager?.shadowRoot?.querySelector('contact-list');
      return list?.shadowRoot?.textContent?.includes('Chen') ?? false;
    },
    { timeout: 15000, polling: 100 },
  );
  const capabilities = await page.evaluate(() => (document.querySelector('#provider') as unknown as { client: { capabilities: Record<string, boolean> } }).client.capabilities);
  assert.equal(capabilities['lockUnlock'], false);
  assert.equal(capabilities['resetPasswordLink'], false);
  assert.equal(capabilities['create'], true);
  assert.deepEqual(errors, []);
});
