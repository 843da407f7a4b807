/**
 * `npm run bench`: runs the whole catalogue against the bundled reference server three times (or BENCH_RUNS) and
 * prints the median wall time, tests per second, and the median duration of a front-channel (browser) test and of a
 * back-channel-only test. Durations come from Playwright's JSON report; wall time includes start-up of Playwright,
 * the reference server and the browser.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = join(ROOT, 'reports', 'bench');
mkdirSync(dir, { recursive: true });

type Result = { status: string; duration: number; annotations?: { type: string }[] };
type Suite = { specs?: { tests: { results: Result[]; annotations?: { type: string }[] }[] }[]; suites?: Suite[] };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const walls: number[] = [];
const front: number[] = [];
const back: number[] = [];
let executed = 0;
for (let i = 1; i <= RUNS; i++) {
  const json = join(dir, `run-${i}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--reporter=json'], {
    cwd: ROOT,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: json, FAPI_REPORTS_DIR: join(dir, `run-${i}`), FAPI_QUIET: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    console.error(`run ${i} failed (exit ${r.status}); see ${json}`);
    process.exit(1);
  }
  walls.push(wall);
  const report = JSON.parse(readFileSync(json, 'utf8')) as { suites: Suite[] };
  executed = 0;
  const walk = (s: Suite) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) {
        const res = t.results.at(-1);
        if (!res || res.status === 'skipped') continue;
        executed += 1;
        const isFront = [...(t.annotations ?? []), ...(res.annotations ?? [])].some((a) => a.type === 'front-channel');
        (isFront ? front : back).push(res.duration);
      }
    }
    for (const c of s.suites ?? []) walk(c);
  };
  report.suites.forEach(walk);
  console.log(`run ${i}: ${wall.toFixed(2)} s wall, ${executed} tests executed`);
}
const wall = median(walls);
console.log(`\nmedian wall time: ${wall.toFixed(2)} s over ${RUNS} runs`);
console.log(`tests per second: ${(executed / wall).toFixed(2)} (${executed} executed tests)`);
console.log(`median front-channel (browser) test: ${median(front).toFixed(0)} ms (${front.length / RUNS} per run)`);
console.log(`median back-channel-only test: ${median(back).toFixed(0)} ms (${back.length / RUNS} per run)`);
