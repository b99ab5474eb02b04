// Drives the system Chromium for end-to-end tests (puppeteer-core: it never downloads a browser).
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

export const chromePath = (): string => {
  const found =
    process.env.CHROME_PATH ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find((path) => existsSync(path));
  if (!found) throw new Error('No Chrome or Chromium found: set CHROME_PATH or install chromium (.ci/run does on Debian).');
  return found;
};

export const launchBrowser = (): Promise<Browser> =>
  puppeteer.launch({
    executablePath: chromePath(),
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

/** Collects uncaught page errors, so a test can assert the page threw nothing. */
export const pageErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
  return errors;
};

/**
 * Waits for an element down a path of shadow roots (`a >>> b >>> c`, each part queried in the
 * shadow root of the one before) that is rendered and, with `text`, contains it. Polls, because
 * a mutation inside a shadow root does not wake puppeteer's own `waitForSelector`.
 */
export const deep = async (page: Page, selector: string, { text = '', timeout = 15000 }: { text?: string; timeout?: number } = {}) => {
  const handle = await page.waitForFunction(
    (path: string, contains: string) => {
      const parts = path.split(' >>> ');
      let scope: ParentNode = document;
      let found: Element | null = null;
      for (const [index, part] of parts.entries()) {
        const candidates = [...scope.querySelectorAll(part)];
        found = (index === parts.length - 1 && contains ? candidates.find((el) => el.textContent?.includes(contains)) : candidates[0]) ?? null;
        if (!found) return null;
        scope = found.shadowRoot ?? found;
      }
      const box = found!.getBoundingClientRect();
      return box.width > 0 || box.height > 0 ? found : null;
    },
    { timeout, polling: 100 },
    selector,
    text,
  );
  return handle.asElement() as ElementHandle<Element>;
};
