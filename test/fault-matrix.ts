/**
 * The fault matrix: for each named fault of the reference server, the happy flows plus the negative tests tagged with
 * that fault run against a server that has it; the tagged tests must fail with a conformance failure and everything
 * else must still pass. All faults in ONE Playwright run (fixtures/fault-matrix.ts): one server per fault, one project
 * per (fault, variant) pair, the verdicts read per project from the one JSON report.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_MATRIX_ENV } from '../fixtures/fault-matrix';
import { FAULTS } from '../reference-server/server';
import { OUT, record, suiteRun } from './context';
import { judgeFault, planFaultMatrix } from './fault-matrix-plan';
import { label, type JsonTest } from './report-rows';

/** Runs the matrix of every fault in FAULTS (or `only`) and records one check per fault. */
export async function faultMatrix(baselineRows: readonly JsonTest[], opts: { workers: number; only?: readonly string[] }): Promise<void> {
  const faults = opts.only ?? Object.keys(FAULTS);
  const { plan, withoutProjects } = planFaultMatrix(faults, baselineRows);
  console.log(`\n== fault matrix: ${faults.length} faults, ${plan.projects.length} (fault, variant) projects in one run, ${opts.workers} workers`);
  for (const fault of withoutProjects) record(`fault ${fault}: no test tagged with it passed in the baseline`, false, 'no negative test runs against it: write one, or remove the fault');
  if (!plan.projects.length) return;
  const planFile = join(OUT, 'fault-matrix-plan.json');
  writeFileSync(planFile, JSON.stringify(plan, null, 1));
  // No code flow or push at worker start: only the few tests of each fault run (the expiry scenarios run their own).
  const res = await suiteRun('fault-matrix', [], undefined, opts.workers, [], { [FAULT_MATRIX_ENV]: planFile, FAPI_EARLY_FLOWS: '0', FAPI_REPORTERS: 'json' });
  const planned = [...new Set(plan.projects.map((p) => p.fault))];
  if (!res) {
    for (const fault of planned) record(`fault ${fault}: the matrix run produced no report`, false);
    return;
  }
  for (const fault of planned) {
    const projects = new Set(plan.projects.filter((p) => p.fault === fault).map((p) => p.name));
    const rows = res.rows.filter((t) => projects.has(t.projectName));
    const verdict = judgeFault(fault, rows);
    const seconds = rows.reduce((s, t) => s + t.duration, 0) / 1000;
    record(`fault ${fault}: ${verdict.applicable} negative test runs fail, ${verdict.others} others pass in ${projects.size} projects (${seconds.toFixed(1)} s of tests)`, verdict.problems.length === 0, verdict.problems.join('\n') || undefined);
  }
  const stray = res.rows.filter((t) => !plan.projects.some((p) => p.name === t.projectName));
  if (stray.length) record('the fault matrix ran only the planned projects', false, stray.slice(0, 5).map(label).join('\n'));
  console.log(`   the fault matrix took ${res.seconds.toFixed(1)} s (exit code ${res.code})`);
}
