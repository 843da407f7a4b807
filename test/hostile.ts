/**
 * The hostile-AS matrix: the harness pointed at an AS that misbehaves on one endpoint (test/hostile-as.ts). For each
 * behaviour, the affected tests must end within their configured timeouts with the verdict the behaviour deserves
 * (AS non-conformant where the AS broke a requirement, harness error where nothing can be judged, never a pass), with
 * a message that names the endpoint; the tests that do not touch that endpoint must still pass; a broken discovery
 * document or TLS certificate must stop the run at set-up with one message. Run by `npm test`, or alone with
 * `npx tsx test/run.ts --hostile-only`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLine, verdictOf, type Verdict } from '../fixtures/reporting/verdict';
import { runProcess } from './process';
import { FAULT_MATRIX_ENV, type MatrixPlan } from '../fixtures/fault-matrix';
import { BEHAVIOURS, startHostileAs, type Behaviour, type HostileAs, type HostileEndpoint } from './hostile-as';

const HAPPY = 'code flow: authorization request, login and consent, token, bound resource call';
const PKCE_NEGATIVE = 'PAR without code_challenge is refused';
const FRONT_NEGATIVE = "another client's request_uri is refused";
const TOKEN_NEGATIVE = 'a code redeemed a second time is refused';
const DISCOVERY_TEST = 'the issuer is the one asked for, and every endpoint is an https URL';
const KID_TEST = 'no two keys of the JWK set share a kid';
/** A test that touches no endpoint under attack (it reads the discovery document the worker already has). */
const WITNESS = 'every signing algorithm list the variant relies on offers an algorithm of its profile';
const PROJECT = 'fapi2-ms-pkjwt-mtls';
/** The timeouts the hostile runs configure: every affected test must end well within its 30 s test timeout. */
const HTTP_MS = 2_000;
const BROWSER_MS = 5_000;
const TEST_BOUND_S = 15;
const SETUP_BOUND_S = 20;
/** The whole matrix: a coarse guard against a case that waits without end (each run and test has its own bound above).
 * Measured 99-101 s alone on 2 cores, three runs at a time (which keep both cores busy: 187 s of CPU); `npm test` runs
 * it beside no other part. The per-case bounds catch a hang; this one catches a matrix that drifts. */
const MATRIX_BOUND_S = 300;

export interface HostileCase {
  endpoint: HostileEndpoint;
  behaviour: Behaviour;
  /** The run stops at set-up (discovery, TLS), or these tests end with these verdicts. */
  expect: 'setup-stop' | Record<string, Verdict>;
  /** What the failure messages (or the set-up message) must mention: the endpoint. */
  names: RegExp;
}

const nc = 'non-conformant' as const;
const he = 'harness-error' as const;

export const CASES: HostileCase[] = [
  ...(['hang', 'drip', 'invalid-json', 'huge-body', 'html', 'empty-500', 'close-mid-response', 'other-issuer'] as const).map((behaviour) => ({
    endpoint: 'discovery' as const,
    behaviour,
    expect: 'setup-stop' as const,
    names: /\.well-known\/openid-configuration/,
  })),
  { endpoint: 'discovery', behaviour: 'wrong-content-type', expect: { [DISCOVERY_TEST]: nc, [WITNESS]: 'passed' }, names: /discovery document|RFC8414-3\.2/ },
  { endpoint: 'discovery', behaviour: 'tls-other-host', expect: 'setup-stop', names: /openid-configuration[\s\S]*(certificate|altname|ERR_TLS_CERT_ALTNAME_INVALID)/i },
  ...(['empty-jwks', 'malformed-jwks', 'foreign-keys'] as const).map((behaviour) => ({
    endpoint: 'jwks' as const,
    behaviour,
    expect: { [HAPPY]: nc, [WITNESS]: 'passed' as const },
    names: /jwks_uri/,
  })),
  // Two keys alike under one kid: a verifier tries each (FAPI 2.0 SP 5.4.3), so the flows pass; the repeated kid is a
  // SHOULD NOT, a failure in the run's strict mode.
  { endpoint: 'jwks', behaviour: 'duplicate-kid', expect: { [KID_TEST]: nc, [HAPPY]: 'passed', [WITNESS]: 'passed' }, names: /kid/ },
  ...(['hang', 'drip', 'huge-body', 'close-mid-response'] as const).map((behaviour) => ({
    endpoint: 'par' as const,
    behaviour,
    expect: { [HAPPY]: he, [PKCE_NEGATIVE]: he, [WITNESS]: 'passed' as const },
    names: /PAR .*\/request/,
  })),
  ...(['invalid-json', 'html', 'empty-500', 'wrong-content-type'] as const).map((behaviour) => ({
    endpoint: 'par' as const,
    behaviour,
    expect: { [HAPPY]: nc, [PKCE_NEGATIVE]: nc, [WITNESS]: 'passed' as const },
    names: /PAR .*\/request|\/request .*PAR|from PAR|PAR response/,
  })),
  ...(['redirect-loop', 'hang'] as const).map((behaviour) => ({
    endpoint: 'authorization' as const,
    behaviour,
    expect: { [HAPPY]: he, [FRONT_NEGATIVE]: he, [WITNESS]: 'passed' as const },
    names: /\/auth\b/,
  })),
  ...(['hang', 'drip', 'huge-body', 'close-mid-response'] as const).map((behaviour) => ({
    endpoint: 'token' as const,
    behaviour,
    expect: { [HAPPY]: he, [TOKEN_NEGATIVE]: he, [WITNESS]: 'passed' as const },
    names: /token .*\/token/,
  })),
  ...(['invalid-json', 'html', 'empty-500', 'wrong-content-type'] as const).map((behaviour) => ({
    endpoint: 'token' as const,
    behaviour,
    expect: { [HAPPY]: nc, [TOKEN_NEGATIVE]: nc, [WITNESS]: 'passed' as const },
    names: /token .*\/token/,
  })),
];

type Record_ = (name: string, ok: boolean, detail?: string) => void;

interface Row {
  title: string;
  /** The case whose server the copy faced (the one run of the judged behaviours). */
  server?: string;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  errors: { message?: string }[];
  duration: number;
}

export async function hostileMatrix(opts: { root: string; out: string; pkiDir: string; parallel: number; freePort: () => Promise<number>; record: Record_; secretLedger?: (secret: string, what: string) => void }): Promise<void> {
  const stops = CASES.filter((c) => c.expect === 'setup-stop');
  const judged = CASES.filter((c) => c.expect !== 'setup-stop');
  const beside = Math.max(1, opts.parallel - 1);
  console.log(`\n== hostile AS: ${judged.length} behaviours in one Playwright run (one server each), beside ${stops.length} that stop the run at set-up (${beside} at a time)`);
  const started = Date.now();
  // Every hostile AS starts before any run does: a start is a burst of CPU in this process, which also answers all the
  // servers' requests, and the runs' 2-second timeouts did not survive such pauses on a loaded machine.
  const judgedRedirect = `https://localhost:${await opts.freePort()}/callback`;
  const servers = new Map<string, HostileAs | Error>();
  const starting = [...judged.map((c) => [c, judgedRedirect] as const), ...(await Promise.all(stops.map(async (c) => [c, `https://localhost:${await opts.freePort()}/callback`] as const)))];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let next = starting.shift(); next; next = starting.shift()) {
      const [c, redirectUri] = next;
      servers.set(caseName(c), await startCase(c, redirectUri, opts).catch((e: Error) => e));
    }
  }));
  try {
    const queue = [...stops];
    await Promise.all([
      runJudgedCases(judged, servers, opts),
      ...Array.from({ length: beside }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await runStopCase(c, servers.get(caseName(c))!, opts);
      }),
    ]);
  } finally {
    await Promise.allSettled([...servers.values()].map((s) => (s instanceof Error ? undefined : s.close())));
  }
  const seconds = (Date.now() - started) / 1000;
  opts.record(`the hostile matrix (${CASES.length} behaviours) took ${seconds.toFixed(1)} s (bound: ${MATRIX_BOUND_S} s)`, seconds <= MATRIX_BOUND_S);
}

type Options = Parameters<typeof hostileMatrix>[0];
const caseName = (c: HostileCase) => `${c.endpoint}-${c.behaviour}`;
const playwrightCli = (root: string) => join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const quietRun = { FAPI_REPORTERS: 'json', FAPI_QUIET: '1', FAPI_EARLY_FLOWS: '0' };

function startCase(c: HostileCase, redirectUri: string, opts: Options): Promise<HostileAs> {
  return startHostileAs({ endpoint: c.endpoint, behaviour: c.behaviour, redirectUri, pkiDir: opts.pkiDir, ...(opts.secretLedger ? { secretLedger: opts.secretLedger } : {}) });
}

/** A behaviour that must stop the run at set-up: a run of its own, which must end soon, with one message that names the endpoint. */
async function runStopCase(c: HostileCase, as: HostileAs | Error, opts: Options): Promise<void> {
  const name = caseName(c);
  const dir = join(opts.out, `hostile-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (as instanceof Error) {
    opts.record(`hostile ${name}: the hostile AS started`, false, as.message);
    return;
  }
  // The configuration holds the end-user password and a client secret: outside reports/.
  const configDir = mkdtempSync(join(tmpdir(), 'fapi-hostile-'));
  try {
    const config = join(configDir, 'target.json');
    writeFileSync(config, JSON.stringify({ ...as.target, timeouts: { httpMs: HTTP_MS, browserMs: BROWSER_MS } }), { mode: 0o600 });
    const r = await runProcess(process.execPath, [playwrightCli(opts.root), 'test', '--project', PROJECT], { cwd: opts.root, env: {
      ...quietRun,
      FAPI_CONFIG: config,
      FAPI_JSON_REPORT: join(dir, 'results.json'),
      FAPI_REPORTS_DIR: dir,
      FAPI_WORKERS: '1',
    } });
    writeFileSync(join(dir, 'output.txt'), r.output);
    const problems: string[] = [];
    if (r.code === 0) problems.push('the run exited 0');
    if (as.hits() === 0 && c.behaviour !== 'tls-other-host') problems.push('no request met the misbehaviour');
    if (r.seconds > SETUP_BOUND_S) problems.push(`stopped after ${r.seconds.toFixed(1)} s (bound ${SETUP_BOUND_S} s)`);
    if (!c.names.test(r.output)) problems.push(`the message does not name the endpoint (${c.names})`);
    if (/^\s+at .+:\d+:\d+\)?$/m.test(r.output)) problems.push('a stack trace was printed');
    if (/\d+ passed/.test(r.output)) problems.push('tests passed');
    const line = r.output.split('\n').find((l) => l.includes('[harness]') || l.includes('target configuration')) ?? r.output.trim().split('\n')[0] ?? '';
    opts.record(`hostile ${c.endpoint} ${BEHAVIOURS[c.behaviour]}: the run stops at set-up in ${r.seconds.toFixed(1)} s`, problems.length === 0, problems.length ? `${problems.join('; ')}\n${r.output.trim().split('\n').slice(0, 8).join('\n')}` : undefined);
    if (problems.length === 0) console.log(`        ${firstLine(line)}`);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

/**
 * The behaviours the tests meet, all in ONE Playwright run (fixtures/fault-matrix.ts): one hostile AS per behaviour,
 * each a server of the run's plan that copies the tests its case names, those expected to end otherwise than passed
 * marked as expected failures (so that Playwright keeps its workers). A Playwright start per case cost about 6 s of CPU.
 * The verdicts are read per case from the one JSON report, exactly as a run per case would give them.
 */
async function runJudgedCases(cases: HostileCase[], started: Map<string, HostileAs | Error>, opts: Options): Promise<void> {
  const dir = join(opts.out, 'hostile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const servers = new Map<string, HostileAs>();
  for (const c of cases) {
    const as = started.get(caseName(c));
    if (as instanceof Error || !as) opts.record(`hostile ${caseName(c)}: the hostile AS started`, false, as?.message ?? 'not started');
    else servers.set(caseName(c), as);
  }
  // The targets hold the end-user password and a client secret: outside reports/.
  const configDir = mkdtempSync(join(tmpdir(), 'fapi-hostile-'));
  try {
    const running = cases.filter((c) => servers.has(caseName(c)));
    if (!running.length) return;
    const targetsFile = join(configDir, 'targets.json');
    writeFileSync(targetsFile, JSON.stringify(Object.fromEntries(running.map((c) => [caseName(c), { ...servers.get(caseName(c))!.target, timeouts: { httpMs: HTTP_MS, browserMs: BROWSER_MS } }]))), { mode: 0o600 });
    const plan: MatrixPlan = {
      pairs: running.map((c) => ({ fault: caseName(c), variantId: PROJECT })),
      copies: Object.fromEntries(running.map((c) => {
        const expect = c.expect as Record<string, Verdict>;
        return [caseName(c), { titles: Object.keys(expect), failing: Object.keys(expect).filter((t) => expect[t] !== 'passed') }];
      })),
      targetsFile,
      fullyParallel: true,
    };
    const planFile = join(configDir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const json = join(dir, 'results.json');
    const r = await runProcess(process.execPath, [playwrightCli(opts.root), 'test'], { cwd: opts.root, env: {
      ...quietRun,
      [FAULT_MATRIX_ENV]: planFile,
      FAPI_JSON_REPORT: json,
      FAPI_REPORTS_DIR: dir,
      FAPI_WORKERS: '2',
    } });
    writeFileSync(join(dir, 'output.txt'), r.output);
    const rows = readRows(json);
    if (!rows.length) opts.record(`hostile: the run of ${running.length} behaviours produced no report (exit code ${r.code})`, false, r.output.trim().split('\n').slice(0, 12).join('\n'));
    else for (const c of running) judgeCase(c, servers.get(caseName(c))!, rows.filter((t) => t.server === caseName(c)), opts);
    console.log(`   the hostile run of ${running.length} behaviours took ${r.seconds.toFixed(1)} s (exit code ${r.code})`);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

/** One behaviour's verdicts: each test it names ended as expected, in time, naming the endpoint; none other ran. */
function judgeCase(c: HostileCase, as: HostileAs, rows: Row[], opts: Options): void {
  const expect = c.expect as Record<string, Verdict>;
  const problems: string[] = [];
  if (as.hits() === 0) problems.push('no request met the misbehaviour');
  for (const row of rows) if (!(row.title in expect)) problems.push(`"${row.title}" ran, but the case names no such test`);
  for (const [title, expected] of Object.entries(expect)) {
    const row = rows.find((t) => t.title === title);
    if (!row) {
      problems.push(`"${title}" did not run`);
      continue;
    }
    const verdict = verdictOf(row);
    const message = row.errors[0]?.message ?? '';
    if (verdict !== expected) problems.push(`"${title}": ${verdict}, expected ${expected}: ${firstLine(message)}`);
    if (row.duration / 1000 > TEST_BOUND_S) problems.push(`"${title}" took ${(row.duration / 1000).toFixed(1)} s (bound ${TEST_BOUND_S} s)`);
    if (verdict !== 'passed') {
      if (!c.names.test(message)) problems.push(`"${title}": the message does not name the endpoint (${c.names}): ${firstLine(message)}`);
      if (message.length > 4_000) problems.push(`"${title}": a ${message.length}-character message (not truncated)`);
    }
  }
  const affected = Object.entries(expect).filter(([, v]) => v !== 'passed').map(([t]) => rows.find((x) => x.title === t)).filter((x): x is Row => !!x);
  const sample = affected.map((t) => firstLine(t.errors[0]?.message ?? '')).find(Boolean) ?? '';
  const slowest = Math.max(0, ...affected.map((t) => t.duration / 1000));
  opts.record(`hostile ${c.endpoint} ${BEHAVIOURS[c.behaviour]}: ${affected.map((t) => verdictOf(t)).join(', ')} within ${slowest.toFixed(1)} s; the other test passes`, problems.length === 0, problems.join('\n') || undefined);
  if (problems.length === 0 && sample) console.log(`        ${sample}`);
}

function readRows(path: string): Row[] {
  type Spec = { title: string; tests: { results: Row[] }[] };
  type Suite = { specs?: Spec[]; suites?: Suite[] };
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as { suites: Suite[] };
    const rows: Row[] = [];
    const walk = (s: Suite) => {
      for (const spec of s.specs ?? []) for (const t of spec.tests) {
        const last = t.results.at(-1);
        // A copy of the one run is titled `<title> [under <case>]` (fixtures/fault-matrix.ts).
        const under = / \[under ([\w-]+)\]$/.exec(spec.title);
        if (last) rows.push({ ...last, title: under ? spec.title.slice(0, under.index) : spec.title, ...(under ? { server: under[1]! } : {}) });
      }
      for (const child of s.suites ?? []) walk(child);
    };
    report.suites.forEach(walk);
    return rows;
  } catch {
    return [];
  }
}
