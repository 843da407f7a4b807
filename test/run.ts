/**
 * `npm test`: the harness's own tests, as a table of parts (PARTS below), each in its own module of test/. Parts run
 * side by side while the cores they keep busy fit the machine's (FAPI_SELFTEST_CORES), the longest chain first; a part
 * that needs another's result waits for it. Each part's output is printed in one block when it ends, and a table of
 * the parts' wall times closes the run (reports/self-test/timings.json keeps a whole run's, and the next run orders
 * its parts by them).
 *
 * Exit code 0 only when every check holds. The last line is "N passed, N failed" over the checks made here.
 *
 * `npx tsx test/run.ts --<part>-only` runs one part (and the parts it needs): --unit-only, --matrix-only (with
 * `--baseline <results.json>` to reuse a baseline report, `--faults a,b` to narrow it), --reports-only,
 * --hostile-only, --hygiene-only, --external-only, --layout2-only.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { DEFAULT_PKI_DIR } from '../certs/pki';
import { baseline, guards } from './baseline';
import { checks, currentPart, freePort, LEDGER, OUT, record, ROOT } from './context';
import { externalTarget } from './external';
import { faultMatrix } from './fault-matrix';
import { hostileMatrix } from './hostile';
import { interruptLeavesNothing } from './hygiene';
import { secondLayout } from './layout2';
import { readReport, type JsonTest } from './report-rows';
import { reportsAndGate } from './reports-gate';
import { schedule, type SchedulablePart } from './schedule';
import { secretsStayOut } from './secrets';
import { typecheck, unitTests } from './unit-part';

const argv = process.argv.slice(2);
const valueOf = (flag: string) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
/** Workers of the fault matrix's one run. */
const MATRIX_WORKERS = Number(process.env.FAPI_MATRIX_WORKERS ?? 2);
/** The cores the parts may keep busy at once (FAPI_SELFTEST_CORES): parts start side by side while their `cores`
 * fit, so that parts that wait overlap parts that compute, and two that compute do not slow each other's timed checks. */
const CORES = Number(process.env.FAPI_SELFTEST_CORES ?? cpus().length);
/** Playwright runs of the hostile-AS matrix at the same time: its one run of the behaviours the tests meet, and beside
 * it the runs that must stop at set-up (each mostly a Playwright start). */
const HOSTILE_PARALLEL = Number(process.env.FAPI_HOSTILE_PARALLEL ?? 3);
const TIMINGS = join(OUT, 'timings.json');

/** What the parts hand to each other. */
interface Shared {
  baselineRows: JsonTest[];
  /** Report folders the secret scan searches when it does not search all of reports/self-test. */
  reportDirs: string[];
}

type Part = SchedulablePart<Shared>;

const PARTS: Part[] = [
  {
    name: 'unit',
    what: 'unit tests (node:test) and the type check',
    estimate: 65,
    cores: 1,
    async run() {
      await unitTests();
      await typecheck();
    },
  },
  {
    name: 'baseline',
    what: 'the whole catalogue against the reference server without faults; the guards on tags, faults and parity',
    estimate: 75,
    cores: 1,
    async run(shared) {
      const given = valueOf('--baseline');
      shared.baselineRows = given ? readReport(given) : await baseline();
      if (!given && shared.baselineRows.length) {
        guards(shared.baselineRows);
        shared.reportDirs.push(join(OUT, 'no-fault'));
      }
    },
  },
  {
    name: 'layout2',
    what: "the whole catalogue against the reference server's second layout: no failure, no harness error, every skip explained",
    estimate: 125,
    cores: 1,
    async run(shared) {
      await secondLayout();
      shared.reportDirs.push(join(OUT, 'layout2'));
    },
  },
  {
    name: 'matrix',
    what: 'the fault matrix: every fault of the reference server against its tagged tests and the happy flows, in one run',
    needs: ['baseline'],
    estimate: 155,
    cores: 2,
    async run(shared) {
      const only = valueOf('--faults')?.split(',');
      if (shared.baselineRows.length) await faultMatrix(shared.baselineRows, { workers: MATRIX_WORKERS, ...(only ? { only } : {}) });
      else record('the fault matrix has a baseline to plan from', false, 'the baseline run gave no results');
    },
  },
  {
    name: 'reports',
    what: 'the reports and the CI gate of a run against a non-conformant AS, the offline HTML report, shards merged',
    estimate: 46,
    cores: 1,
    async run(shared) {
      shared.reportDirs.push(...(await reportsAndGate()));
    },
  },
  {
    name: 'hygiene',
    what: 'Ctrl-C leaves no process and no open port; everything listens on loopback',
    estimate: 10,
    cores: 0.5,
    async run(shared) {
      await interruptLeavesNothing({ root: ROOT, out: OUT, record });
      shared.reportDirs.push(join(OUT, 'interrupt'));
    },
  },
  {
    name: 'hostile',
    what: 'the hostile-AS matrix (one Playwright run of the behaviours the tests meet, beside the runs that must stop at set-up)',
    estimate: 30,
    cores: 2,
    async run() {
      await hostileMatrix({ root: ROOT, out: OUT, pkiDir: process.env.FAPI_PKI_DIR ?? DEFAULT_PKI_DIR, parallel: HOSTILE_PARALLEL, freePort, record, secretLedger: (secret, what) => appendFileSync(LEDGER, `${JSON.stringify({ what, secret })}\n`) });
    },
  },
  {
    name: 'external',
    what: 'an external AS through FAPI_CONFIG (dynamic clients), a wrong password, the configuration mistakes',
    estimate: 120,
    cores: 1,
    async run(shared) {
      await externalTarget();
      shared.reportDirs.push(join(OUT, 'external-wrong-password'));
    },
  },
  {
    name: 'secrets',
    what: 'no secret the reference servers handled reaches a report',
    needs: ['unit', 'baseline', 'layout2', 'matrix', 'reports', 'hygiene', 'hostile', 'external'],
    estimate: 15,
    cores: 1,
    async run(shared) {
      // Everything the self-test wrote under reports/self-test (with all reporters or not), not only the folders above.
      secretsStayOut(selected.length === PARTS.length ? [OUT] : shared.reportDirs.filter((d) => existsSync(d)));
    },
  },
];

/** The parts a command line selects: `--<name>-only` runs that part and what it needs (the secret scan after the
 * reports part, as before); nothing runs them all. */
function select(): Part[] {
  const only = PARTS.find((p) => argv.includes(`--${p.name}-only`));
  if (!only) return PARTS;
  const names = new Set([only.name]);
  if (only.name === 'reports') names.add('secrets');
  for (const n of only.needs ?? []) names.add(n);
  return PARTS.filter((p) => names.has(p.name)).map((p) => ({ ...p, needs: (p.needs ?? []).filter((n) => names.has(n)) }));
}
const selected = select();

/** Parts run side by side: what a part prints is held back and printed in one block when it ends. */
const print = console.log.bind(console);
console.log = (...args: unknown[]) => {
  const part = currentPart.getStore();
  if (part) part.lines.push(format(...args));
  else print(...args);
};

function lastTimings(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(TIMINGS, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** The wall time of each part, where it started, and its checks. */
function timingsTable(times: Map<string, { start: number; seconds: number }>): string {
  const rows = [...times].sort((a, b) => a[1].start - b[1].start).map(([name, t]) => {
    const mine = checks.filter((c) => c.part === name);
    const failed = mine.filter((c) => !c.ok).length;
    return `| ${name.padEnd(8)} | ${t.start.toFixed(0).padStart(8)} | ${t.seconds.toFixed(1).padStart(6)} | ${String(mine.length - failed).padStart(6)} | ${String(failed).padStart(6)} |`;
  });
  return ['| part     | start, s | wall s | passed | failed |', '| -------- | -------: | -----: | -----: | -----: |', ...rows].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  const shared: Shared = { baselineRows: [], reportDirs: [] };
  const times = await schedule(selected, {
    cores: CORES,
    estimates: lastTimings(),
    print,
    run: (part, out) => currentPart.run(out, () => part.run(shared)).catch((e: unknown) => currentPart.run(out, () => record(`part ${part.name} ran to its end`, false, (e as Error).stack ?? String(e)))),
  });
  // Only a whole run's figures order the next run (a part alone, or on a given baseline, is not what it will be).
  if (selected.length === PARTS.length && !valueOf('--baseline')) writeFileSync(TIMINGS, JSON.stringify(Object.fromEntries([...times].map(([n, t]) => [n, Math.round(t.seconds)])), null, 1));
  const failed = checks.filter((c) => !c.ok);
  print(`\nself-test finished in ${((Date.now() - started) / 1000).toFixed(1)} s (parts side by side on ${CORES} cores)\n${timingsTable(times)}`);
  if (failed.length) print(`failed checks:\n${failed.map((c) => `  - ${c.part ? `[${c.part}] ` : ''}${c.name}`).join('\n')}`);
  print(`${checks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

void main();
