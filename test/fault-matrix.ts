/**
 * The fault matrix: for each named fault of the reference server, the happy flows plus the negative tests tagged with
 * that fault run against a server that has it; the tagged tests must fail with a conformance failure and everything
 * else must still pass. All faults in ONE Playwright run (fixtures/fault-matrix.ts): one server per fault, one project
 * per variant whose worker serves every fault paired with it, each test declared once per fault it runs under; the
 * verdicts are read per fault from the one JSON report.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_MATRIX_ENV, matrixFaults } from '../fixtures/fault-matrix';
import { FAULTS } from '../reference-server/server';
import { SKIPS_ON_CORRECT_SERVER } from '../reference-server/faults/index';
import { OUT, record, suiteRun } from './context';
import { judgeFault, planFaultMatrix } from './fault-matrix-plan';
import { label, type JsonTest } from './report-rows';

/** Runs the matrix of every fault in FAULTS (or `only`) and records one check per fault. */
export async function faultMatrix(baselineRows: readonly JsonTest[], opts: { workers: number; only?: readonly string[] }): Promise<void> {
  const faults = opts.only ?? Object.keys(FAULTS);
  const { plan, withoutProjects } = planFaultMatrix(faults, baselineRows, SKIPS_ON_CORRECT_SERVER);
  const planned = matrixFaults(plan);
  console.log(`\n== fault matrix: ${planned.length} faults, ${plan.pairs.length} (fault, variant) pairs in one run, ${opts.workers} workers`);
  for (const fault of withoutProjects) record(`fault ${fault}: no test tagged with it passed in the baseline`, false, 'no negative test runs against it: write one, or remove the fault');
  if (!plan.pairs.length) return;
  const planFile = join(OUT, 'fault-matrix-plan.json');
  writeFileSync(planFile, JSON.stringify(plan, null, 1));
  // No code flow or push at worker start: only the few tests of each fault run (the expiry scenarios run their own).
  const res = await suiteRun('fault-matrix', [], undefined, opts.workers, [], { [FAULT_MATRIX_ENV]: planFile, FAPI_EARLY_FLOWS: '0', FAPI_REPORTERS: 'json' });
  if (!res) {
    for (const fault of planned) record(`fault ${fault}: the matrix run produced no report`, false);
    return;
  }
  for (const fault of planned) {
    const variants = plan.pairs.filter((p) => p.fault === fault).map((p) => p.variantId);
    const rows = res.rows.filter((t) => t.underFault === fault);
    const verdict = judgeFault(fault, rows);
    const missing = variants.filter((v) => !rows.some((t) => t.projectName === v));
    const problems = [...verdict.problems, ...missing.map((v) => `no test ran under the fault in ${v}`)];
    const seconds = rows.reduce((s, t) => s + t.duration, 0) / 1000;
    record(`fault ${fault}: ${verdict.applicable} negative test runs fail, ${verdict.others} others pass in ${variants.length} variants (${seconds.toFixed(1)} s of tests)`, problems.length === 0, problems.join('\n') || undefined);
  }
  const stray = res.rows.filter((t) => !plan.pairs.some((p) => p.fault === t.underFault && p.variantId === t.projectName));
  if (stray.length) record('the fault matrix ran only the planned (fault, variant) pairs', false, stray.slice(0, 5).map(label).join('\n'));
  console.log(`   the fault matrix took ${res.seconds.toFixed(1)} s (exit code ${res.code})`);
}
