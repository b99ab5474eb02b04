// Browser tests: real headless Chromium (the system's, or CHROME_PATH), TypeScript through esbuild.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { forcedColorsPlugin } from './scripts/wtr-forced-colors.mjs';
import { screenshotPlugin } from './scripts/wtr-screenshot.mjs';

const commonjs = fromRollup(rollupCommonjs);
/** CommonJS packages behind the browser export writers (@portico/export), loaded with import(). */
const COMMONJS = ['**/node_modules/exceljs/dist/**', '**/node_modules/pdfkit/js/pdfkit.standalone.js'];
/**
 * pdfkit's ESM browser build pulls in CommonJS with circular requires (brotli) that the CommonJS
 * plugin cannot convert here; the tests load pdfkit's standalone browser build instead, which
 * bundlers do not need (Vite takes the ESM build).
 */
const pdfkitStandalone = {
  name: 'pdfkit-standalone',
  resolveImport: ({ source }) => (source === 'pdfkit' ? '/node_modules/pdfkit/js/pdfkit.standalone.js' : undefined),
};

const executablePath =
  process.env.CHROME_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find((path) =>
    existsSync(path),
  );

/** Writes the totals to .test-results/browser.json, which scripts/test.mjs adds up. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const visit = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) skipped += 1;
          else if (test.passed) passed += 1;
          else failed += 1;
        }
        for (const child of suite.suites ?? []) visit(child);
      };
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults);
        // A file that failed to load counts as a failure, not as zero tests.
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/browser.json', JSON.stringify({ passed, failed, skipped }));
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  // `browser: true` takes a package's browser build as bundlers do (exceljs's `browser` field); the
  // CommonJS plugin (18: later versions do not work with fromRollup) turns the UMD builds of exceljs
  // and pdfkit, which the export writers load with import(), into modules.
  nodeResolve: { exportConditions: ['source', 'browser'], browser: true },
  plugins: [pdfkitStandalone, commonjs({ include: COMMONJS }), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'packages/elements/tsconfig.json' }), forcedColorsPlugin(), screenshotPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
  reporters: [process.env.CI ? summaryReporter({ flatten: false }) : defaultReporter(), countingReporter()],
};
