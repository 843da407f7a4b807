import { cpus } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import type { WorkerOptions } from './fixtures';
import { browserNotFoundMessage, chromiumArgs, resolveChromium } from './scripts/browser';
// The bundled reference server registers clients for these variants; one project each.
import { VARIANT_NAMES } from './reference-server/clients';
import { loadTargetConfig } from './fixtures/target-config';

const reportsDir = process.env.FAPI_REPORTS_DIR ?? join(import.meta.dirname, 'reports');
/** Stops Playwright with one message and no stack trace (a configuration mistake is not a crash). */
function stop(message: string): never {
  const e = new Error(message);
  e.stack = e.message;
  throw e;
}

const chromium = resolveChromium();
if (!chromium.executablePath) stop(browserNotFoundMessage(chromium));

/** With FAPI_CONFIG the projects are the variants the configuration describes; without it, the reference server's. */
function variantNames(): readonly string[] {
  if (!process.env.FAPI_CONFIG) return VARIANT_NAMES;
  try {
    return Object.keys(loadTargetConfig(process.env.FAPI_CONFIG).variants);
  } catch (e) {
    return stop((e as Error).message);
  }
}

// The fault runs of `npm test` only need the JSON results (FAPI_REPORTERS=json).
const reporters: ReporterDescription[] = process.env.FAPI_REPORTERS === 'json' ? [] : [
  [process.env.CI ? 'line' : 'list'],
  ['junit', { outputFile: join(reportsDir, 'junit.xml') }],
  ['html', { outputFolder: join(reportsDir, 'playwright-report'), open: 'never' }],
  ['allure-playwright', { resultsDir: join(reportsDir, 'allure-results'), detail: true, suiteTitle: true }],
];
if (process.env.FAPI_JSON_REPORT) reporters.push(['json', { outputFile: process.env.FAPI_JSON_REPORT }]);

export default defineConfig<object, WorkerOptions>({
  testDir: 'suites',
  globalSetup: './fixtures/global-setup.ts',
  outputDir: join(reportsDir, 'test-results'),
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Measured on 2 cores: one worker beats two (Chromium, the worker and the reference server share the cores).
  workers: process.env.FAPI_WORKERS ? Number(process.env.FAPI_WORKERS) : cpus().length > 2 ? '50%' : 1,
  reporter: reporters,
  use: {
    ignoreHTTPSErrors: true,
    launchOptions: { executablePath: chromium.executablePath, args: chromiumArgs() },
    // Traces would record the typed password and the codes in redirect URLs: evidence comes from our redacted recorder.
    trace: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: variantNames().map((id) => ({ name: id, use: { variantId: id } })),
});
