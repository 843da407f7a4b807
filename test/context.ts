/**
 * What every part of the self-test shares: where it writes, the secret ledger, the list of checks with `record()`, and
 * the runner of a Playwright suite run (`suiteRun`) that reads its JSON report back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FaultName } from '../reference-server/server';
import { readReport, type JsonTest } from './report-rows';
import { runProcess } from './process';

export const ROOT = join(import.meta.dirname, '..');
export const OUT = join(ROOT, 'reports', 'self-test');
/** Every secret the reference servers of the self-test issue or receive (FAPI_SECRET_LEDGER): the reports are searched
 * for each. Outside reports/, which is what gets scanned. */
export const LEDGER = join(mkdtempSync(join(tmpdir(), 'fapi-ledger-')), 'secrets.jsonl');

/** The part of the self-test (test/run.ts) the current code runs for: its checks are counted under its name, and its
 * console output is held back and printed in one block when it ends (parts run side by side). */
export const currentPart = new AsyncLocalStorage<{ name: string; lines: string[] }>();

export interface Check { name: string; ok: boolean; detail?: string; part?: string }
export const checks: Check[] = [];
export const record = (name: string, ok: boolean, detail?: string) => {
  const part = currentPart.getStore()?.name;
  checks.push({ name, ok, ...(detail ? { detail } : {}), ...(part ? { part } : {}) });
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${detail ? `\n        ${detail.replace(/\n/g, '\n        ')}` : ''}`);
};

export function run(cmd: string, argv: string[], env: Record<string, string>, quiet: boolean): Promise<{ code: number; output: string; seconds: number }> {
  return runProcess(cmd, argv, { cwd: ROOT, env, echo: !quiet });
}

export interface SuiteRunOptions {
  /** All the reporters of a normal run (Allure, summary, JUnit …) even under a fault. */
  fullReports?: boolean;
  /** Under a fault, mark the tests tagged with it as expected to fail (default), or let them fail as in a user's run. */
  expectFaultFailures?: boolean;
  /** More arguments for `playwright test` (e.g. --shard). */
  extraArgs?: string[];
}

export interface SuiteRun { rows: JsonTest[]; seconds: number; output: string; code: number; dir: string }

/** One `playwright test` run under reports/self-test/<name>, with the JSON report read back (undefined, and a failed
 * check, when there is none). */
export async function suiteRun(name: string, faults: FaultName[], grep: string | undefined, workers: number, projects: string[] = [], extraEnv: Record<string, string> = {}, opts: SuiteRunOptions = {}): Promise<SuiteRun | undefined> {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const argv = [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'];
  if (grep) argv.push('--grep', grep);
  for (const p of projects) argv.push('--project', p);
  argv.push(...(opts.extraArgs ?? []));
  const r = await run(process.execPath, argv, {
    FAPI_FAULTS: faults.join(','),
    FAPI_JSON_REPORT: json,
    FAPI_REPORTS_DIR: dir,
    FAPI_WORKERS: String(workers),
    FAPI_EXPECT_FAILURES_OF: opts.expectFaultFailures === false ? '' : faults.join(','),
    FAPI_QUIET: '1',
    FAPI_SECRET_LEDGER: LEDGER,
    ...(faults.length && !opts.fullReports ? { FAPI_REPORTERS: 'json' } : {}),
    ...extraEnv,
  }, true);
  // The run's own output is part of what the secret scan reads.
  writeFileSync(join(dir, 'output.txt'), r.output);
  try {
    return { rows: readReport(json), seconds: r.seconds, output: r.output, code: r.code, dir };
  } catch (e) {
    record(`${name}: suite run produced a report`, false, `${(e as Error).message}\n${r.output.trim().split('\n').slice(-15).join('\n')}`);
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
