/** The whole catalogue against the reference server's second layout (reference-server/layouts.ts): a correct FAPI AS
 * configured otherwise wherever FAPI leaves a choice, so every verdict must hold there too. */
import { record, suiteRun } from './context';
import { firstLine, label, type JsonTest } from './report-rows';

/** What a run against a correct AS must show: no failure, no harness error, no skip without its reason. */
export function judgeCorrectAsRun(rows: JsonTest[]): { failed: JsonTest[]; harnessErrors: JsonTest[]; unexplained: JsonTest[] } {
  const bad = rows.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
  const isHarness = (t: JsonTest) => t.errors.some((e) => /HarnessError|\[harness\]/.test(e));
  return {
    failed: bad.filter((t) => !isHarness(t)),
    harnessErrors: bad.filter(isHarness),
    unexplained: rows.filter((t) => t.status === 'skipped' && !t.skipReason),
  };
}

export async function secondLayout(): Promise<void> {
  console.log('\n== the whole catalogue against the reference server\'s second layout');
  const res = await suiteRun('layout2', [], undefined, Number(process.env.FAPI_WORKERS ?? 1), [], { FAPI_REFERENCE_LAYOUT: 'second' });
  if (!res) return;
  const passed = res.rows.filter((t) => t.status === 'passed').length;
  const skipped = res.rows.filter((t) => t.status === 'skipped').length;
  const { failed, harnessErrors, unexplained } = judgeCorrectAsRun(res.rows);
  const list = (ts: JsonTest[]) => ts.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined;
  record(`second layout: ${passed} passed, ${skipped} skipped (${res.seconds.toFixed(1)} s), no failure`, failed.length === 0 && res.rows.length > 0, list(failed));
  record('second layout: no harness error', harnessErrors.length === 0, list(harnessErrors));
  record('second layout: every skip has its reason', unexplained.length === 0, unexplained.map(label).join('\n') || undefined);
}
