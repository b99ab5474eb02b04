// A web-test-runner command that saves what the test's page shows, so a change can be looked at:
// `executeServerCommand('save-screenshot', { name })` writes .test-results/screenshots/<name>.png.
// `npx web-test-runner` takes them; `npm test` (CI set) only with PORTICO_SCREENSHOTS=1.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export function screenshotPlugin(directory = '.test-results/screenshots') {
  return {
    name: 'save-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      // Screenshots are for people to look at, not assertions: the whole run (`CI`) leaves them out
      // unless asked, since a full-page capture takes seconds on a loaded machine.
      if (process.env.CI && !process.env.PORTICO_SCREENSHOTS) return true;
      if (session.browser.type !== 'puppeteer') throw new Error(`save-screenshot needs Chromium through Puppeteer, not ${session.browser.type}`);
      const name = String(payload?.name ?? '');
      if (!/^[\w-]+$/.test(name)) throw new Error('name must be letters, digits, - and _');
      await mkdir(directory, { recursive: true });
      await session.browser.getPage(session.id).screenshot({ path: join(directory, `${name}.png`), fullPage: payload?.fullPage !== false });
      return true;
    },
  };
}
