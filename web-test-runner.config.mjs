// Browser tests: real headless Chromium (the system's, or CHROME_PATH), TypeScript through esbuild.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';

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
  nodeResolve: { exportConditions: ['source', 'browser'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'packages/elements/tsconfig.json' })],
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
