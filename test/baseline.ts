/** The suites against the reference server without faults, and the guards read from that run. */
import { FAULTS, type FaultName } from '../reference-server/server';
import { SKIPS_ON_CORRECT_SERVER } from '../reference-server/faults/index';
import { OIDF_MODULES, parity } from '../fixtures/oidf';
import { record, suiteRun } from './context';
import { faultsOf, firstLine, label, type JsonTest } from './report-rows';

export async function baseline(): Promise<JsonTest[]> {
  console.log('\n== suites against the reference server without faults');
  const res = await suiteRun('no-fault', [], undefined, Number(process.env.FAPI_WORKERS ?? 1));
  if (!res) return [];
  const bad = res.rows.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
  record(`no fault: ${res.rows.filter((t) => t.status === 'passed').length} passed, ${res.rows.filter((t) => t.status === 'skipped').length} skipped (${res.seconds.toFixed(1)} s)`, bad.length === 0 && res.rows.length > 0,
    bad.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined);
  return res.rows;
}


export function guards(rows: JsonTest[]): void {
  console.log('\n== every negative test is proven by a fault, every fault proves a test');
  const negatives = rows.filter((t) => t.tags.includes('@negative'));
  const unproven = negatives.filter((t) => faultsOf(t).length === 0);
  record(`${negatives.length} negative tests carry a @fault= tag`, unproven.length === 0, unproven.map(label).join('\n') || undefined);
  const unknown = rows.flatMap((t) => faultsOf(t).filter((f) => !(f in FAULTS)).map((f) => `${label(t)}: ${f}`));
  record('@fault= tags name known faults', unknown.length === 0, unknown.join('\n') || undefined);
  const untagged = rows.filter((t) => !t.tags.includes('@negative') && !t.tags.includes('@positive'));
  record('every test is tagged @positive or @negative', untagged.length === 0, untagged.map(label).join('\n') || undefined);
  // Parity with the OpenID conformance suite: each module of the list is answered by a test that passed here, listed
  // as not applicable (with the reason), or pending in the back-channel catalogue.
  const answered = new Set(rows.filter((t) => t.status === 'passed').flatMap((t) => t.modules));
  const strays = [...answered].filter((m) => !OIDF_MODULES.has(m));
  const p = parity(answered);
  record(
    `parity: ${p.covered.length} of ${OIDF_MODULES.size} conformance-suite modules answered by a passing test, ${p.notApplicable.length} not applicable, ${p.pending.length} pending (back channel)`,
    p.missing.length === 0 && p.listProblems.length === 0 && strays.length === 0,
    [...p.missing.map((m) => `no test and not listed: ${m}`), ...p.listProblems, ...strays.map((m) => `unknown module: ${m}`)].join('\n') || undefined,
  );
  for (const fault of Object.keys(FAULTS)) {
    // A fault whose tests find nothing to judge on the correct server is covered where they skipped (with a reason).
    const status = SKIPS_ON_CORRECT_SERVER.has(fault as FaultName) ? 'skipped' : 'passed';
    const covering = rows.filter((t) => faultsOf(t).includes(fault) && t.status === status);
    record(`fault ${fault} is covered by ${covering.length} test runs${status === 'skipped' ? ' (skipped on the correct server: nothing to judge there)' : ''}`, covering.length > 0, covering.length ? undefined : 'no negative test runs against it: write one, or remove the fault');
  }
}
