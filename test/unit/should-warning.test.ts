import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runProcess } from '../process';

/**
 * The misjudgement this guards against: a server that lets a request_uri be used again after its authorization
 * completed was failed, while RFC 9126 4 only says SHOULD (one-time use) and FAPI 2.0 adds nothing stronger. Against the
 * reference server with the fault `request-uri-reusable`, the reuse test must pass with a warning (exit code 0, verdict
 * `warning` in every report), and fail in strict mode. One project, one test, each run bounded.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const TEST = 'a request_uri already used for a completed authorization is refused';
const PROJECT = 'fapi2-sp-pkjwt-mtls';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function runReuseTest(strict: boolean): Promise<{ code: number; output: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fapi-should-'));
  dirs.push(dir);
  const cli = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const run = runProcess(process.execPath, [cli, 'test', '--grep', TEST, '--project', PROJECT], {
    cwd: ROOT,
    env: {
      FAPI_FAULTS: 'request-uri-reusable',
      // As a user's run would: the test is not marked as expected to fail, and strict mode comes from FAPI_STRICT.
      FAPI_EXPECT_FAILURES_OF: '',
      FAPI_STRICT: strict ? '1' : '0',
      FAPI_EARLY_FLOWS: '0',
      FAPI_WORKERS: '1',
      FAPI_REPORTS_DIR: dir,
      FAPI_JSON_REPORT: join(dir, 'results.json'),
      FAPI_REPORTERS: '',
      FAPI_QUIET: '1',
      FAPI_CONFIG: '',
      FAPI_EXPECTED_FAILURES: '',
    },
  });
  const bounded = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the Playwright run took more than 240 s')), 240_000).unref());
  return { ...(await Promise.race([run, bounded])), dir };
}

describe('a SHOULD not followed is a warning, and a failure in strict mode', { timeout: 520_000 }, () => {
  it('reusable request_uri without strict mode: the test passes with a warning, counted apart in every report', async () => {
    const { code, output, dir } = await runReuseTest(false);
    assert.equal(code, 0, output.slice(-2000));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { gate: { status: string }; totals: { warnings: number; nonConformant: number; passed: number } };
    assert.equal(summary.gate.status, 'passed');
    assert.deepEqual([summary.totals.warnings, summary.totals.nonConformant, summary.totals.passed], [1, 0, 0]);
    assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /## Warnings: SHOULD clauses not followed[\s\S]*RFC9126-4-should/);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    assert.match(junit, /<property name="verdict" value="warning"\/>/);
    assert.match(junit, /<property name="should-warning" value="RFC9126-4-should \(SHOULD\) not followed/);
    assert.match(junit, /failures="0"/);
    assert.match(output, /warnings/);
  });

  it('the same run in strict mode fails, with the conformance failure of RFC9126-4-should', async () => {
    const { code, output, dir } = await runReuseTest(true);
    assert.equal(code, 1, output.slice(-2000));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { gate: { status: string }; totals: { warnings: number; nonConformant: number } };
    assert.equal(summary.gate.status, 'failed');
    assert.deepEqual([summary.totals.warnings, summary.totals.nonConformant], [0, 1]);
    assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /RFC9126-4-should/);
  });
});
