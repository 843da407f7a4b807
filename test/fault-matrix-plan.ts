/** The pure half of the fault matrix (test/fault-matrix.ts): its plan from the baseline, and the verdict on one fault. */
import type { MatrixPlan } from '../fixtures/fault-matrix';
import { faultsOf, firstLine, label, type JsonTest } from './report-rows';

/**
 * One (fault, variant) pair wherever a test tagged with the fault passed in the baseline (variants where all of them
 * skip would only repeat the baseline's happy flows). The other positive scenarios ran in the baseline;
 * repeating them under every fault would only cost time. Faults no tagged test passed for get no pair. A fault in
 * `skipsOnCorrect` (its tests find nothing to judge on the correct server, which offers less) pairs where they skipped.
 */
export function planFaultMatrix(faults: readonly string[], baseline: readonly JsonTest[], skipsOnCorrect: ReadonlySet<string> = new Set()): { plan: MatrixPlan; withoutProjects: string[] } {
  const plan: MatrixPlan = { pairs: [] };
  const withoutProjects: string[] = [];
  for (const fault of faults) {
    const wanted = skipsOnCorrect.has(fault) ? 'skipped' : 'passed';
    const variants = [...new Set(baseline.filter((t) => faultsOf(t).includes(fault) && t.status === wanted).map((t) => t.projectName))];
    if (!variants.length) withoutProjects.push(fault);
    for (const variantId of variants) plan.pairs.push({ fault, variantId });
  }
  return { plan, withoutProjects };
}

/**
 * The verdict on one fault from the rows of its projects: every applicable test tagged with it failed, with a
 * conformance failure; every other test passed or skipped; at least one tagged test ran; a happy flow passed.
 */
export function judgeFault(fault: string, rows: readonly JsonTest[]): { applicable: number; others: number; problems: string[] } {
  const targeted = rows.filter((t) => faultsOf(t).includes(fault));
  const applicable = targeted.filter((t) => t.status !== 'skipped');
  const notFailing = applicable.filter((t) => t.status !== 'failed');
  const harnessErrors = applicable.filter((t) => t.status === 'failed' && !t.errors.some((e) => e.includes('[conformance]')));
  const others = rows.filter((t) => !faultsOf(t).includes(fault) && t.status !== 'passed' && t.status !== 'skipped');
  const problems = [
    ...notFailing.map((t) => `${label(t)}: expected to FAIL under the fault, but ${t.status}`),
    ...harnessErrors.map((t) => `${label(t)}: failed, but not with a conformance failure: ${firstLine(t)}`),
    ...others.map((t) => `${label(t)}: expected to pass under this fault, but ${t.status}: ${firstLine(t)}`),
  ];
  if (applicable.length === 0) problems.push('no test ran against this fault');
  if (!rows.some((t) => t.tags.includes('@happy') && t.status === 'passed')) problems.push('no happy flow passed under this fault');
  return { applicable: applicable.length, others: rows.length - targeted.length, problems };
}
