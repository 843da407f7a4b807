/**
 * `npm run merge-reports -- <folder with the shards' blob reports>`: merges a sharded run
 * (`FAPI_BLOB_REPORT=1 npx playwright test --shard=i/n`) into one set of reports (summary, JUnit, Allure results,
 * Playwright HTML; fixtures/reporting/merge.config.ts) and exits with the merged run's gate: `playwright
 * merge-reports` itself exits 0 whatever the tests did.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { env } from '../shared/env';

const ROOT = join(import.meta.dirname, '..');
const blobs = process.argv[2];
if (!blobs || !existsSync(blobs) || !readdirSync(blobs).some((f) => f.endsWith('.zip'))) {
  console.error(`[harness] merge-reports: give the folder that holds the shards' blob reports (report-*.zip), e.g. \`npm run merge-reports -- all-blob-reports\`${blobs ? `; ${resolve(blobs)} has none` : ''}`);
  process.exit(2);
}
const reportsDir = env('FAPI_REPORTS_DIR') ?? join(ROOT, 'reports');
const summaryFile = join(reportsDir, 'summary.json');
const before = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined;
const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'merge-reports', '--config', join(ROOT, 'fixtures', 'reporting', 'merge.config.ts'), resolve(blobs)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, FAPI_REPORTS_DIR: reportsDir },
});
if (r.status !== 0) process.exit(r.status ?? 1);
const after = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined;
if (!after || after === before) {
  console.error(`[harness] merge-reports wrote no new ${summaryFile}: no verdict`);
  process.exit(1);
}
process.exit((JSON.parse(after) as { gate: { exitCode: number } }).gate.exitCode);
