// Opens scripts/bench/page.ts in the system Chromium: esbuild bundles it (minified, production lit),
// a local server on 127.0.0.1 serves the files from memory (and, when asked, passes `/api/…` on to
// a reference server, so the page and the API share an origin), puppeteer-core drives the browser.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../../test/e2e/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchPage {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** `api`: the origin of a reference server to pass `/api/…` requests on to (headers and bodies as they are). */
export const openBenchPage = async ({ api }: { api?: string } = {}): Promise<BenchPage> => {
  const result = await build({
    entryPoints: { page: `${root}scripts/bench/page.ts` },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: `${root}.bench-page`,
    write: false,
    logLevel: 'error',
  });
  const files = new Map(result.outputFiles.map((file) => [`/${basename(file.path)}`, file.contents]));
  files.set('/', new TextEncoder().encode('<!doctype html><html lang="en"><body><script type="module" src="/page.js"></script></body></html>'));
  const server = createServer((request, response) => {
    if (api && request.url?.startsWith('/api/')) {
      const target = new URL(request.url, api);
      const upstream = httpRequest(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', (error) => response.writeHead(502).end(error.message));
      request.pipe(upstream);
      return;
    }
    const body = files.get(request.url ?? '/');
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': request.url === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'porticoBench' in window, { timeout: 30_000 });
    return {
      browser,
      page,
      close: async () => {
        await browser.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (error) {
    await browser.close();
    server.close();
    throw error;
  }
};
