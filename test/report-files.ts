/** Reading the report files a suite run wrote: summary.json and the Allure results. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Summary {
  gate: { status: string; exitCode: number; reasons: string[] };
  totals: { tests: number; passed: number; nonConformant: number; expectedFailures: number; harnessErrors: number; skipped: number };
  expectedFailures: { stillFailing: unknown[]; nowPassing: unknown[]; stale: unknown[] } | null;
  projects: { name: string; requirements: { id: string; verdict: string }[]; tests: { id: string; verdict: string; failedRequirement?: string }[] }[];
}

export function readSummary(dir: string): Summary | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

/** How many Allure results have each status. */
export function allureStatuses(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const results = join(dir, 'allure-results');
  for (const f of readdirSync(results).filter((x) => x.endsWith('-result.json'))) {
    const status = (JSON.parse(readFileSync(join(results, f), 'utf8')) as { status?: string }).status ?? 'unknown';
    out[status] = (out[status] ?? 0) + 1;
  }
  return out;
}
