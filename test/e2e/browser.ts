// Drives the system Chromium for end-to-end tests (puppeteer-core: it never downloads a browser).
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

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
