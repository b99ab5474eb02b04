// A host site for end-to-end tests: a folder served as static files with /api proxied to a
// reference server (PGlite in memory, demo sign-in), and the rows a signed-in person sees.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { startServer, type RunningServer } from '@portico/server';
import type { Page } from 'puppeteer-core';
import { launchBrowser, pageErrors } from './browser.js';

let api: RunningServer | undefined;
const sites: PreviewServer[] = [];

/** Serves a folder as a static site with /api proxied to the reference server, as a portal would. */
export const serve = async (dir: string): Promise<string> => {
  api ??= await startServer({ port: 0, memory: true, demo: true });
  const site = await preview({
    configFile: false,
    root: dirname(dir),
    logLevel: 'warn',
    build: { outDir: dir },
    preview: { host: '127.0.0.1', port: 0, proxy: { '/api': { target: api.url } } },
  });
  sites.push(site);
  return site.resolvedUrls!.local[0]!.replace(/\/$/, '');
};

/** Closes the sites and the reference server that `serve` started. */
export const closeSites = async (): Promise<void> => {
  for (const site of sites.splice(0)) await new Promise<void>((resolve) => site.httpServer.close(() => resolve()));
  await api?.close();
  api = undefined;
};

/**
 * Signs a customer administrator in, opens the page and returns the rows of the list found through
 * the shadow roots of `path`; `andThen` goes on on the same page.
 */
export const contactRows = async (origin: string, path: string[], andThen?: (page: Page) => Promise<void>): Promise<string[]> => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await page.goto(`${origin}/api/openapi.json`);
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/demo/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'carlos.ruiz' }) });
      return response.status;
    });
    assert.equal(status, 200, 'demo sign-in');
    await page.goto(`${origin}/`);
    const rows = await page.waitForFunction(
      (selectors: string[]) => {
        // The list, found through the shadow roots of the elements on `selectors`.
        let list: Element | null | undefined;
        let scope: ParentNode | null | undefined = document;
        for (const selector of selectors) {
          list = scope?.querySelector(selector);
          scope = list?.shadowRoot;
        }
        const texts = [...(list?.shadowRoot?.querySelectorAll('tbody tr') ?? [])].map((row) => row.textContent?.replace(/\s+/g, ' ').trim() ?? '');
        return texts.length >= 10 ? texts : false;
      },
      { timeout: 20000 },
      path,
    );
    const texts = (await rows.jsonValue()) as string[];
    await andThen?.(page);
    assert.deepEqual(errors, []);
    return texts;
  } finally {
    await browser.close();
  }
};

