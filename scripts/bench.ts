/**
 * `npm run bench`: runs the whole catalogue against the bundled reference server three times (or BENCH_RUNS, or
 * `-- --repeat N`) and prints the median wall time, tests per second, and the median duration of a front-channel
 * (browser) test and of a back-channel-only test. Durations come from Playwright's JSON report; wall time includes
 * start-up of Playwright, the reference server and the browser.
 *
 * It is also the flake check: every test's verdict (passed, failed, skipped) is compared across the runs, and any test
 * whose verdict changed is listed; the exit code is then 1. Conformance runs have `retries: 0`, so a flaky test
 * cannot hide. `npm run bench -- --repeat 20` is the 20-run check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env } from '../shared/env';

const ROOT = join(import.meta.dirname, '..');
const repeatAt = process.argv.indexOf('--repeat');
const RUNS = Number(repeatAt >= 0 ? process.argv[repeatAt + 1] : (env('BENCH_RUNS') ?? 3));
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('bench: --repeat takes a positive integer, e.g. npm run bench -- --repeat 20');
  process.exit(2);
}
const dir = join(ROOT, 'reports', 'bench');
mkdirSync(dir, { recursive: true });

type Result = { status: string; duration: number; annotations?: { type: string }[] };
type Suite = { title: string; specs?: { title: string; tests: { projectName: string; results: Result[]; annotations?: { type: string }[] }[] }[]; suites?: Suite[] };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const walls: number[] = [];
const front: number[] = [];
const back: number[] = [];
let executed = 0;
/** Each test's verdict in each run: "project › suite path › title" → statuses in run order. */
const verdicts = new Map<string, string[]>();
const benchStarted = Date.now();
for (let i = 1; i <= RUNS; i++) {
  const json = join(dir, `run-${i}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--reporter=json'], {
    cwd: ROOT,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: json, FAPI_REPORTS_DIR: join(dir, `run-${i}`), FAPI_QUIET: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) console.error(`run ${i} failed (exit ${r.status}); see ${json}`);
  walls.push(wall);
  let report: { suites: Suite[] };
  try {
    report = JSON.parse(readFileSync(json, 'utf8')) as { suites: Suite[] };
  } catch {
    console.error(`run ${i} wrote no JSON report (${json}): stopping`);
    process.exit(1);
  }
  executed = 0;
  const walk = (s: Suite, path: string) => {
    const here = [path, s.title].filter(Boolean).join(' › ');
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) {
        const res = t.results.at(-1);
        const key = `[${t.projectName}] ${here} › ${spec.title}`;
        verdicts.set(key, [...(verdicts.get(key) ?? []), res?.status ?? 'not run']);
        if (!res || res.status === 'skipped') continue;
        executed += 1;
        const isFront = [...(t.annotations ?? []), ...(res.annotations ?? [])].some((a) => a.type === 'front-channel');
        (isFront ? front : back).push(res.duration);
      }
    }
    for (const c of s.suites ?? []) walk(c, here);
  };
  report.suites.forEach((s) => walk(s, ''));
  console.log(`run ${i}: ${wall.toFixed(2)} s wall, ${executed} tests executed`);
}
const wall = median(walls);
console.log(`\nmedian wall time: ${wall.toFixed(2)} s over ${RUNS} runs`);
console.log(`tests per second: ${(executed / wall).toFixed(2)} (${executed} executed tests)`);
console.log(`median front-channel (browser) test: ${median(front).toFixed(0)} ms (${front.length / RUNS} per run)`);
console.log(`median back-channel-only test: ${median(back).toFixed(0)} ms (${back.length / RUNS} per run)`);

// The flake check: a test whose verdict differed between runs (or that was missing from a run).
const changed = [...verdicts].filter(([, v]) => v.length !== RUNS || new Set(v).size > 1);
const failing = [...verdicts].filter(([, v]) => v.some((x) => x !== 'passed' && x !== 'skipped'));
console.log(`\nflake check: ${verdicts.size} tests × ${RUNS} runs in ${((Date.now() - benchStarted) / 1000).toFixed(0)} s; ${changed.length} changed their verdict, ${failing.length} failed in some run`);
for (const [key, v] of changed.slice(0, 50)) console.log(`  changed: ${key}: ${v.join(', ')}`);
for (const [key, v] of failing.filter(([k]) => !changed.some(([c]) => c === k)).slice(0, 50)) console.log(`  failed in every run: ${key}: ${v[0]}`);
process.exit(changed.length || failing.length ? 1 : 0);
