import { cpus } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type PlaywrightTestConfig, type ReporterDescription } from '@playwright/test';
import type { WorkerOptions } from './fixtures';
import { browserNotFoundMessage, chromiumArgs, resolveChromium } from './scripts/browser';
// The bundled reference server registers clients for these variants; one project each.
import { VARIANT_NAMES, VARIANTS } from './reference-server/clients';
import { variantSpecOf } from './shared/variants';
import { loadExpectedFailures } from './fixtures/reporting/expected-failures';
import { harnessInfo } from './fixtures/reporting/run-info';
import { reportersFor } from './fixtures/reporting/reporters';
import type { VariantInfo } from './fixtures/reporting/labels';
import { loadTargetConfig } from './fixtures/target-config';
import { loadMatrixPlan, matrixProjects } from './fixtures/fault-matrix';
import { env, envFlag } from './shared/env';

const reportsDir = env('FAPI_REPORTS_DIR') ?? join(import.meta.dirname, 'reports');
/** Stops Playwright with one message and no stack trace (a configuration mistake is not a crash). */
function stop(message: string): never {
  const e = new Error(message);
  e.stack = e.message;
  throw e;
}

const chromium = resolveChromium();
if (!chromium.executablePath) stop(browserNotFoundMessage(chromium));

/** With FAPI_CONFIG the projects are the variants the configuration describes; without it, the reference server's. */
function variants(): Record<string, VariantInfo> {
  const configFile = env('FAPI_CONFIG');
  if (!configFile) return Object.fromEntries(VARIANT_NAMES.map((n) => [n, VARIANTS[n]]));
  try {
    const described = loadTargetConfig(configFile).variants;
    return Object.fromEntries(Object.entries(described).map(([n, v]) => [n, variantSpecOf(v)]));
  } catch (e) {
    return stop((e as Error).message);
  }
}

// A single-fault run (FAPI_EXPECT_FAILURES_OF) proves that each negative test fails under its fault, a
// SHOULD as much as a MUST: its projects run strict unless FAPI_STRICT says otherwise.
const PROVING_FAULTS = !!env('FAPI_EXPECT_FAILURES_OF') && !env('FAPI_STRICT');

/**
 * The projects: one per variant. In the self-test's fault matrix (FAPI_FAULT_MATRIX, see fixtures/fault-matrix.ts)
 * one per variant of the plan, each selecting the copies of its tests under the faults paired with it, in strict mode:
 * a negative test must fail under its fault whether its clause is a MUST or a SHOULD.
 */
function projects(): NonNullable<PlaywrightTestConfig<object, WorkerOptions>['projects']> {
  const described = variants();
  let plan;
  try {
    plan = loadMatrixPlan();
  } catch (e) {
    return stop((e as Error).message);
  }
  if (!plan) return Object.entries(described).map(([id, variant]) => ({ name: id, use: { variantId: id, ...(PROVING_FAULTS ? { strict: true } : {}) }, metadata: { variant } }));
  return matrixProjects(plan).map((p) => ({
    name: p.name,
    grep: new RegExp(p.grep),
    use: { variantId: p.variantId, strict: true },
    ...(plan.fullyParallel ? { fullyParallel: true } : {}),
    metadata: { variant: described[p.variantId], faults: p.faults },
  }));
}

// Workers load this file too: what only the runner needs is read only there.
const inRunner = env('TEST_WORKER_INDEX') === undefined;
const expectedFailures = env('FAPI_EXPECTED_FAILURES');
if (inRunner && expectedFailures) {
  try {
    loadExpectedFailures(expectedFailures);
  } catch (e) {
    stop((e as Error).message);
  }
}

// The fault runs of `npm test` only need the JSON results (FAPI_REPORTERS=json). FAPI_BLOB_REPORT=1 adds Playwright's
// blob report (reports/blob-report), for sharded runs merged with fixtures/reporting/merge.config.ts (see docs/ci.md).
const reporters: ReporterDescription[] = env('FAPI_REPORTERS') === 'json' ? [] : reportersFor(reportsDir, { blob: envFlag('FAPI_BLOB_REPORT') });
const jsonReport = env('FAPI_JSON_REPORT');
if (jsonReport) reporters.push(['json', { outputFile: jsonReport }]);

export default defineConfig<object, WorkerOptions>({
  testDir: 'suites',
  globalSetup: './fixtures/global-setup.ts',
  outputDir: join(reportsDir, 'test-results'),
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!env('CI'),
  retries: 0,
  // Measured on 2 cores: one worker beats two (Chromium, the worker and the reference server share the cores).
  workers: Number(env('FAPI_WORKERS')) || (cpus().length > 2 ? '50%' : 1),
  reporter: reporters,
  use: {
    ignoreHTTPSErrors: true,
    launchOptions: { executablePath: chromium.executablePath, args: chromiumArgs() },
    // Traces would record the typed password and the codes in redirect URLs: evidence comes from our redacted recorder.
    trace: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  // The variant goes into each project's metadata, and the harness's own facts into the run's: the reporters (also of
  // a merged, sharded run) read them from there. The global set-up adds the target's.
  metadata: inRunner ? { fapi: harnessInfo() } : {},
  projects: projects(),
});
