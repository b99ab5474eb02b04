// A web-test-runner command for `forced-colors` (Windows High Contrast). The stock `emulateMedia`
// passes `forcedColors` to Playwright only; with Puppeteer (our Chromium launcher) it is dropped,
// so this sets it through the DevTools protocol, which also makes Chromium paint system colours.
/** `executeServerCommand('emulate-forced-colors', { forcedColors: 'active' | 'none' })`. */
export function forcedColorsPlugin() {
  const sessions = new Map();
  return {
    name: 'emulate-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`emulate-forced-colors needs Chromium through Puppeteer, not ${session.browser.type}`);
      const value = payload?.forcedColors;
      if (value !== 'active' && value !== 'none') throw new Error('forcedColors must be "active" or "none"');
      let cdp = sessions.get(session.id);
      if (!cdp) {
        cdp = await session.browser.getPage(session.id).createCDPSession();
        sessions.set(session.id, cdp);
      }
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value }] });
      return true;
    },
  };
}
