import { MATRIX_FAULT } from '../fixtures/fault-matrix';
import { readFileSync } from 'node:fs';

/** One test in one project, as Playwright's JSON report holds it after its last attempt. */
export interface JsonTest {
  title: string;
  tags: string[];
  projectName: string;
  status: string;
  errors: string[];
  modules: string[];
  /** Milliseconds the last attempt took. */
  duration: number;
  /** The fault a fault-matrix copy ran under (its `fault-matrix` annotation); undefined in other runs. */
  underFault?: string;
  /** Why a skipped test was skipped (its `skip` annotation), when it says. */
  skipReason?: string;
}

/** Flattens Playwright's JSON report into one row per test and project. */
export function readReport(path: string): JsonTest[] {
  type Spec = {
    title: string;
    tags: string[];
    tests: { projectName: string; status: string; annotations?: { type: string; description?: string }[]; results: { status: string; duration?: number; errors?: { message?: string }[]; annotations?: { type: string; description?: string }[] }[] }[];
  };
  type Suite = { title: string; specs?: Spec[]; suites?: Suite[] };
  const report = JSON.parse(readFileSync(path, 'utf8')) as { suites: Suite[]; errors?: { message?: string }[] };
  if (report.errors?.length) throw new Error(report.errors.map((e) => e.message).join('\n'));
  const rows: JsonTest[] = [];
  const walk = (s: Suite, prefix: string) => {
    const here = [prefix, s.title].filter(Boolean).join(' › ');
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) {
        const last = t.results[t.results.length - 1];
        rows.push({
          title: `${here} › ${spec.title}`,
          tags: spec.tags.map((x) => (x.startsWith('@') ? x : `@${x}`)),
          projectName: t.projectName,
          status: last?.status ?? 'skipped',
          errors: (last?.errors ?? []).map((e) => e.message ?? ''),
          modules: (t.annotations ?? []).filter((a) => a.type === 'oidf-module' && a.description).map((a) => a.description!),
          duration: last?.duration ?? 0,
          ...underFault(t.annotations ?? []),
          ...skipReason([...(t.annotations ?? []), ...(last?.annotations ?? [])]),
        });
      }
    }
    for (const child of s.suites ?? []) walk(child, here);
  };
  for (const s of report.suites) walk(s, '');
  return rows;
}

function skipReason(annotations: { type: string; description?: string }[]): { skipReason?: string } {
  const reason = annotations.find((a) => a.type === 'skip' && a.description?.trim())?.description;
  return reason ? { skipReason: reason } : {};
}

function underFault(annotations: { type: string; description?: string }[]): { underFault?: string } {
  const fault = annotations.find((a) => a.type === MATRIX_FAULT)?.description;
  return fault ? { underFault: fault } : {};
}

export const faultsOf = (t: JsonTest) => t.tags.filter((x) => x.startsWith('@fault=')).map((x) => x.slice('@fault='.length));
export const label = (t: JsonTest) => `[${t.projectName}] ${t.title}`;
export const firstLine = (t: JsonTest) => (t.errors[0] ?? '').split('\n').find((l) => l.trim()) ?? '(no error message)';
