/**
 * `npx playwright test --reporter=json > run.json` must give a file that parses: whatever the harness says about its
 * run (the target AS, the clients it registered, the switch to new tabs) goes to standard error, and standard output
 * carries only what the chosen reporter writes. One discovery test of one project keeps the run to a few seconds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '../process';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

test('a run with --reporter=json writes parseable JSON, and only that, to standard output', { timeout: 90_000 }, async () => {
  const reports = mkdtempSync(path.join(tmpdir(), 'fapi-json-stdout-'));
  try {
    const cli = path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
    const argv = [cli, 'test', '--reporter=json', '--project', 'fapi2-sp-pkjwt-mtls', '--grep', 'every endpoint is an https URL'];
    // FAPI_QUIET must not be what keeps stdout clean: the harness prints its lines and they must land on stderr.
    const env = { FAPI_REPORTS_DIR: reports, FAPI_WORKERS: '1', FAPI_EARLY_FLOWS: '0', FAPI_QUIET: '0' };
    const r = await runProcess(process.execPath, argv, { cwd: ROOT, env });
    let report: { stats?: { expected?: number; unexpected?: number } };
    try {
      report = JSON.parse(r.stdout) as typeof report;
    } catch (e) {
      assert.fail(`standard output is not JSON (${(e as Error).message}); it starts with: ${r.stdout.slice(0, 300)}`);
    }
    assert.equal(r.code, 0, r.output.slice(-2000));
    assert.equal(report.stats?.expected, 1, 'the one selected test ran and passed');
    assert.match(r.stderr, /\[harness\] reference AS /, 'the harness still says which AS it tests, on standard error');
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
});
