/**
 * `npm test`: the harness's own tests.
 *  1. unit tests (node:test) of checks, builders, PKI, reference server;
 *  2. the suites against the reference server without faults: every test must pass (or skip with a reason);
 *  3. the fault matrix: for each named fault of the reference server, the happy flows plus the negative tests tagged
 *     with that fault run against a server that has it; the tagged tests must fail with a conformance failure and
 *     everything else must still pass. A negative test without a fault, or a fault without a test, fails the run.
 * Exit code 0 only when all of it holds. The last line is "N passed, N failed" over the checks made here.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { DEFAULT_PKI_DIR, pkiPaths } from '../certs/pki';
import { FAULTS, LOGIN, type FaultName } from '../reference-server/server';
import { OIDF_MODULES, parity } from '../fixtures/oidf';
import { scanFolder, type Needle } from './secret-scan';
import { checkReportOffline } from './report-offline';
import { buildReport } from '../scripts/report';
import { hostileMatrix } from './hostile';
import { interruptLeavesNothing } from './hygiene';
import { runProcess } from './process';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'reports', 'self-test');
const PARALLEL = Number(process.env.FAPI_FAULT_PARALLEL ?? 2);
/** Every secret the reference servers of the self-test issue or receive (FAPI_SECRET_LEDGER): the reports are searched
 * for each. Outside reports/, which is what gets scanned. */
const LEDGER = join(mkdtempSync(join(tmpdir(), 'fapi-ledger-')), 'secrets.jsonl');
const args = new Set(process.argv.slice(2));

interface Check { name: string; ok: boolean; detail?: string }
const checks: Check[] = [];
const record = (name: string, ok: boolean, detail?: string) => {
  checks.push({ name, ok, ...(detail ? { detail } : {}) });
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${detail ? `\n        ${detail.replace(/\n/g, '\n        ')}` : ''}`);
};

function run(cmd: string, argv: string[], env: Record<string, string>, quiet: boolean): Promise<{ code: number; output: string; seconds: number }> {
  return runProcess(cmd, argv, { cwd: ROOT, env, echo: !quiet });
}

interface JsonTest { title: string; tags: string[]; projectName: string; status: string; errors: string[]; modules: string[] }

/** Flattens Playwright's JSON report into one row per test and project. */
function readReport(path: string): JsonTest[] {
  type Spec = {
    title: string;
    tags: string[];
    tests: { projectName: string; status: string; annotations?: { type: string; description?: string }[]; results: { status: string; errors?: { message?: string }[] }[] }[];
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
        });
      }
    }
    for (const child of s.suites ?? []) walk(child, here);
  };
  for (const s of report.suites) walk(s, '');
  return rows;
}

const faultsOf = (t: JsonTest) => t.tags.filter((x) => x.startsWith('@fault=')).map((x) => x.slice('@fault='.length));
const label = (t: JsonTest) => `[${t.projectName}] ${t.title}`;
const firstLine = (t: JsonTest) => (t.errors[0] ?? '').split('\n').find((l) => l.trim()) ?? '(no error message)';

async function unitTests(): Promise<void> {
  const files = readdirSync(join(ROOT, 'test', 'unit')).filter((f) => f.endsWith('.test.ts')).map((f) => join('test', 'unit', f));
  console.log(`\n== unit tests (${files.length} files)`);
  const r = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...files], {}, false);
  record('unit tests', r.code === 0, r.code === 0 ? undefined : 'see the output above');
}

async function typecheck(): Promise<void> {
  console.log('\n== type check (tsc --noEmit)');
  const r = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT], {}, true);
  record('type check', r.code === 0, r.code === 0 ? undefined : r.output.trim().split('\n').slice(0, 20).join('\n'));
}

interface SuiteRunOptions {
  /** All the reporters of a normal run (Allure, summary, JUnit …) even under a fault. */
  fullReports?: boolean;
  /** Under a fault, mark the tests tagged with it as expected to fail (default), or let them fail as in a user's run. */
  expectFaultFailures?: boolean;
  /** More arguments for `playwright test` (e.g. --shard). */
  extraArgs?: string[];
}

async function suiteRun(name: string, faults: FaultName[], grep: string | undefined, workers: number, projects: string[] = [], extraEnv: Record<string, string> = {}, opts: SuiteRunOptions = {}): Promise<{ rows: JsonTest[]; seconds: number; output: string; code: number; dir: string } | undefined> {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const argv = [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'];
  if (grep) argv.push('--grep', grep);
  for (const p of projects) argv.push('--project', p);
  argv.push(...(opts.extraArgs ?? []));
  const r = await run(process.execPath, argv, {
    FAPI_FAULTS: faults.join(','),
    FAPI_JSON_REPORT: json,
    FAPI_REPORTS_DIR: dir,
    FAPI_WORKERS: String(workers),
    FAPI_EXPECT_FAILURES_OF: opts.expectFaultFailures === false ? '' : faults.join(','),
    FAPI_QUIET: '1',
    FAPI_SECRET_LEDGER: LEDGER,
    ...(faults.length && !opts.fullReports ? { FAPI_REPORTERS: 'json' } : {}),
    ...extraEnv,
  }, true);
  // The run's own output is part of what the secret scan reads.
  writeFileSync(join(dir, 'output.txt'), r.output);
  try {
    return { rows: readReport(json), seconds: r.seconds, output: r.output, code: r.code, dir };
  } catch (e) {
    record(`${name}: suite run produced a report`, false, `${(e as Error).message}\n${r.output.trim().split('\n').slice(-15).join('\n')}`);
    return undefined;
  }
}

async function baseline(): Promise<JsonTest[]> {
  console.log('\n== suites against the reference server without faults');
  const res = await suiteRun('no-fault', [], undefined, Number(process.env.FAPI_WORKERS ?? 1));
  if (!res) return [];
  const bad = res.rows.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
  record(`no fault: ${res.rows.filter((t) => t.status === 'passed').length} passed, ${res.rows.filter((t) => t.status === 'skipped').length} skipped (${res.seconds.toFixed(1)} s)`, bad.length === 0 && res.rows.length > 0,
    bad.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined);
  return res.rows;
}

/**
 * No secret the harness handles may reach a report. The needles: every secret the reference servers issued or received
 * during the self-test (client secret, initial access token, codes, access and refresh tokens, registration access
 * tokens, client assertions and their signatures: the ledger), the end-user's password, the private keys of the test
 * PKI (PEM and JWK). Every file of the given report folders is searched, including zip archives, base64 runs and JWT
 * payloads inside them (test/secret-scan.ts); unredacted client_secret parameters and bearer tokens are looked for by
 * shape as well.
 */
function secretsStayOut(dirs: string[]): void {
  console.log('\n== no secret in the reports');
  const paths = pkiPaths(process.env.FAPI_PKI_DIR ?? DEFAULT_PKI_DIR);
  const needles: Needle[] = [
    { value: LOGIN.password, what: 'the end-user password' },
    { value: 'PRIVATE KEY-----', what: 'a PEM private key' },
  ];
  for (const jwks of [paths.client1.jwks, paths.client2.jwks, paths.asJwks]) {
    for (const k of (JSON.parse(readFileSync(jwks, 'utf8')) as { keys: { d?: string; kid?: string }[] }).keys) {
      if (k.d) needles.push({ value: k.d.slice(0, 24), what: `private JWK member d of ${k.kid ?? 'a key'}`, substring: true });
    }
  }
  let ledger: { what: string; secret: string }[] = [];
  try {
    ledger = readFileSync(LEDGER, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { what: string; secret: string });
  } catch {
    ledger = [];
  }
  for (const e of ledger) {
    needles.push({ value: e.secret, what: e.what });
    if (e.what === 'client assertion') needles.push({ value: e.secret.split('.')[2] ?? e.secret, what: 'the signature of a client assertion' });
  }
  const kinds = new Map<string, number>();
  for (const e of ledger) kinds.set(e.what, (kinds.get(e.what) ?? 0) + 1);
  const complete = ['access_token', 'refresh_token', 'client assertion', 'authorization code', 'client_secret'].every((k) => kinds.has(k));
  record(`the reference servers recorded the secrets they handled: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`, complete, complete ? undefined : 'the ledger lacks a kind of secret: the scan would prove nothing for it');
  const unredactedSecret = /client_secret(=|":\s*")(?![^&"]*redacted)[^&"\s]{6,}/;
  // Registration access tokens and initial access tokens (RFC 7591/7592) travel as JSON members and bearer tokens.
  const unredactedToken = /"registration_access_token":\s*"(?![^"]*redacted)|(Bearer|DPoP) [A-Za-z0-9._~+/-]{16,}/i;
  const findings: string[] = [];
  let files = 0;
  let bytes = 0;
  for (const dir of dirs) {
    const r = scanFolder(dir, needles);
    files += r.files;
    bytes += r.bytes;
    findings.push(...r.findings.map((f) => `${f.file}${f.inside ? ` (${f.inside.replace(/ \/ $/, '')})` : ''}: ${f.what}`));
    for (const file of textFilesUnder(dir)) {
      const text = readFileSync(file, 'utf8');
      if (unredactedSecret.test(text)) findings.push(`${file}: an unredacted client_secret`);
      if (unredactedToken.test(text)) findings.push(`${file}: an unredacted registration access token or bearer token`);
    }
  }
  record(`${files} report files (${(bytes / 1e6).toFixed(1)} MB, zip archives and base64 included) hold none of ${needles.length} secrets, and no unredacted client_secret or bearer token`, findings.length === 0 && files > 0, findings.slice(0, 10).join('\n') || undefined);
}

function* textFilesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFilesUnder(path);
    else if (/\.(json|xml|txt|md)$/.test(entry.name)) yield path;
  }
}

function guards(rows: JsonTest[]): void {
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
    const covering = rows.filter((t) => faultsOf(t).includes(fault) && t.status === 'passed');
    record(`fault ${fault} is covered by ${covering.length} test runs`, covering.length > 0, covering.length ? undefined : 'no negative test runs against it: write one, or remove the fault');
  }
}

/**
 * Runs, against a server with `fault`, the tests tagged with it and the happy flows (`@happy`: the full code flow and
 * client 2 at PAR, which show the fault left the rest of the server working), in the projects where a tagged test
 * applies (projects where all of them skip would only repeat the baseline's happy flows). The other positive
 * scenarios ran in the baseline; repeating them under every fault would only cost time.
 */
async function faultRun(fault: FaultName, baselineRows: JsonTest[]): Promise<void> {
  const escaped = fault.replace(/[-]/g, '\\-');
  const projects = [...new Set(baselineRows.filter((t) => faultsOf(t).includes(fault) && t.status === 'passed').map((t) => t.projectName))];
  // No code flow or push at worker start: only the few tests of this fault run (the expiry scenarios then run their own).
  const res = await suiteRun(`fault-${fault}`, [fault], `@happy|@fault=${escaped}(?![\\w-])`, 1, projects, { FAPI_EARLY_FLOWS: '0' });
  if (!res) return;
  const targeted = res.rows.filter((t) => faultsOf(t).includes(fault));
  const applicable = targeted.filter((t) => t.status !== 'skipped');
  const notFailing = applicable.filter((t) => t.status !== 'failed');
  const harnessErrors = applicable.filter((t) => t.status === 'failed' && !t.errors.some((e) => e.includes('[conformance]')));
  const others = res.rows.filter((t) => !faultsOf(t).includes(fault) && t.status !== 'passed' && t.status !== 'skipped');
  const problems = [
    ...notFailing.map((t) => `${label(t)}: expected to FAIL under the fault, but ${t.status}`),
    ...harnessErrors.map((t) => `${label(t)}: failed, but not with a conformance failure: ${firstLine(t)}`),
    ...others.map((t) => `${label(t)}: expected to pass under this fault, but ${t.status}: ${firstLine(t)}`),
  ];
  if (applicable.length === 0) problems.push('no test ran against this fault');
  if (!res.rows.some((t) => t.tags.includes('@happy') && t.status === 'passed')) problems.push('no happy flow passed under this fault');
  record(`fault ${fault}: ${applicable.length} negative test runs fail, ${res.rows.length - targeted.length} others pass in ${projects.length} projects (${res.seconds.toFixed(1)} s)`, problems.length === 0, problems.join('\n') || undefined);
}

async function faultMatrix(baselineRows: JsonTest[]): Promise<void> {
  const faults = Object.keys(FAULTS) as FaultName[];
  console.log(`\n== fault matrix: ${faults.length} faults, ${PARALLEL} at a time`);
  const queue = [...faults];
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) await faultRun(f, baselineRows);
  }));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The external-AS path, end to end: a second reference server in its own process stands in for someone else's AS;
 * the harness sees only the configuration file it exported (FAPI_CONFIG), and its login pages use other field names
 * than the defaults, so only the configured selectors get the browser through. Then broken copies of that file must each
 * stop the run within 10 s with one message naming the file and the field, and no stack trace.
 */
async function externalTarget(): Promise<void> {
  console.log('\n== an external AS through FAPI_CONFIG');
  // The configuration files hold the end-user password and a client secret: keep them out of reports/.
  const dir = mkdtempSync(join(tmpdir(), 'fapi-external-'));
  const configFile = join(dir, 'target.json');
  const redirect = `https://localhost:${await freePort()}/callback`;
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'reference-server', 'main.ts'), '--port', '0', '--redirect-uri', redirect, '--login-form', 'alternate', '--write-config', configFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverOutput = '';
  server.stdout.on('data', (d: Buffer) => (serverOutput += d.toString()));
  server.stderr.on('data', (d: Buffer) => (serverOutput += d.toString()));
  try {
    const deadline = Date.now() + 15_000;
    while (!serverOutput.includes('listening') && server.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => server.stdout.once('data', r).once('close', r));
    }
    if (!serverOutput.includes('listening')) {
      record('external AS started', false, serverOutput.trim() || 'no output within 15 s');
      return;
    }
    // The whole catalogue with clients the harness registers itself (RFC 7591) and deletes afterwards (RFC 7592),
    // from a YAML copy of the exported configuration.
    const dynamicFile = join(dir, 'target-dynamic.yaml');
    const exported = JSON.parse(readFileSync(configFile, 'utf8')) as { resource?: string; variants: Record<string, { clients: unknown }> };
    for (const v of Object.values(exported.variants)) v.clients = 'dynamic';
    // Without "resource", the harness calls the AS's userinfo endpoint with the bound tokens.
    delete exported.resource;
    writeFileSync(dynamicFile, stringifyYaml(exported));
    const res = await suiteRun('external', [], undefined, 1, [], { FAPI_CONFIG: dynamicFile, FAPI_REPORTERS: 'json', FAPI_QUIET: '0' });
    if (res) {
      const bad = res.rows.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
      const passed = res.rows.filter((t) => t.status === 'passed').length;
      record(`external AS via FAPI_CONFIG (YAML, dynamic clients, userinfo as the resource): ${passed} passed, ${res.rows.length - passed - bad.length} skipped (${res.seconds.toFixed(1)} s)`, bad.length === 0 && passed > 0,
        bad.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined);
      const n = Object.keys(exported.variants).length * 2;
      record(`the ${n} dynamically registered clients are deleted after the run`, res.output.includes(`deleted ${n} of ${n} dynamically registered clients`), res.output.split('\n').filter((l) => l.includes('[harness]')).join('\n') || 'no [harness] lines in the output');
    }
    await wrongPassword(configFile, dir);
    await configMistakes(configFile, dir);
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A harness that cannot log in must say so, never judge the AS: with a wrong password, a positive flow and a negative
 * test that needs a login must both fail as harness errors. */
async function wrongPassword(goodFile: string, dir: string): Promise<void> {
  const target = JSON.parse(readFileSync(goodFile, 'utf8')) as { login: { password: string } };
  target.login.password = `${target.login.password}-wrong`;
  const file = join(dir, 'wrong-password.json');
  writeFileSync(file, JSON.stringify(target));
  const res = await suiteRun('external-wrong-password', [], 'code flow: authorization request|over client 2', 1, ['fapi2-sp-tls-mtls'], { FAPI_CONFIG: file });
  if (!res) return;
  const ran = res.rows.filter((t) => t.status !== 'skipped');
  const wrong = ran.filter((t) => t.status !== 'failed' || !t.errors.some((e) => e.includes('[harness]')) || t.errors.some((e) => e.includes('[conformance]')));
  record(`a wrong login password gives ${ran.length} harness errors, no verdict on the AS`, ran.length >= 2 && wrong.length === 0,
    wrong.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined);
  // The reports say the same: "harness error" in the summary, "broken" (not "failed") in Allure, and the run fails.
  const summary = readSummary(res.dir);
  const statuses = allureStatuses(res.dir);
  const problems: string[] = [];
  if (res.code === 0) problems.push('the run exited 0');
  if (summary?.totals.harnessErrors !== ran.length || summary?.totals.nonConformant !== 0) problems.push(`summary.json counts ${summary?.totals.harnessErrors} harness errors and ${summary?.totals.nonConformant} non-conformant`);
  if (statuses.broken !== ran.length || statuses.failed) problems.push(`Allure has ${statuses.broken ?? 0} broken and ${statuses.failed ?? 0} failed results`);
  record('harness errors are reported as such: summary.json, Allure "broken", a failing exit code', problems.length === 0, problems.join('\n') || undefined);
}

interface Summary {
  gate: { status: string; exitCode: number; reasons: string[] };
  totals: { tests: number; passed: number; nonConformant: number; expectedFailures: number; harnessErrors: number; skipped: number };
  expectedFailures: { stillFailing: unknown[]; nowPassing: unknown[]; stale: unknown[] } | null;
  projects: { name: string; requirements: { id: string; verdict: string }[]; tests: { id: string; verdict: string; failedRequirement?: string }[] }[];
}

function readSummary(dir: string): Summary | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

/** How many Allure results have each status. */
function allureStatuses(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const results = join(dir, 'allure-results');
  for (const f of readdirSync(results).filter((x) => x.endsWith('-result.json'))) {
    const status = (JSON.parse(readFileSync(join(results, f), 'utf8')) as { status?: string }).status ?? 'unknown';
    out[status] = (out[status] ?? 0) + 1;
  }
  return out;
}

/**
 * The reports and the CI gate of a run that finds the AS non-conformant, as a user's run would (the fault's negatives
 * are not marked as expected to fail): the run exits non-zero, summary.json and Allure name the failed requirement, the
 * evidence manifest hashes every attachment; with an expected-failures file that lists those failures (plus a test that
 * passes and an entry that matches nothing) the same run exits 0 and the summary reports the other two entries. Then
 * the single-file HTML report of the failing run is built and opened in Chromium with every outside request blocked.
 */
async function reportsAndGate(): Promise<string[]> {
  console.log('\n== reports and the CI gate (a run against a non-conformant AS)');
  const fault: FaultName = 'accept-unsigned-request-object';
  const grep = `@happy|@fault=${fault}(?![\\w-])`;
  const projects = ['fapi2-ms-pkjwt-mtls'];
  const failing = await suiteRun('report-unlisted', [fault], grep, 1, projects, {}, { fullReports: true, expectFaultFailures: false });
  if (!failing) return [];
  const dirs = [failing.dir];
  const summary = readSummary(failing.dir);
  const negatives = failing.rows.filter((t) => t.tags.includes(`@fault=${fault}`) && t.status !== 'skipped');
  const failedTests = summary?.projects.flatMap((p) => p.tests.filter((t) => t.verdict === 'non-conformant').map((t) => ({ project: p.name, ...t }))) ?? [];
  const problems: string[] = [];
  if (failing.code === 0) problems.push('the run exited 0');
  if (!summary) problems.push('no summary.json');
  else {
    if (summary.gate.status !== 'failed') problems.push(`gate ${summary.gate.status}`);
    if (failedTests.length !== negatives.length || negatives.length === 0) problems.push(`${failedTests.length} non-conformant in summary.json, ${negatives.length} negative tests ran`);
    if (failedTests.some((t) => !t.failedRequirement)) problems.push('a failed test without its requirement in summary.json');
    if (!summary.projects.every((p) => p.requirements.some((r) => r.verdict === 'failed'))) problems.push('no requirement marked failed');
  }
  if (!existsSync(join(failing.dir, 'summary.md')) || !readFileSync(join(failing.dir, 'summary.md'), 'utf8').includes('## Non-conformant')) problems.push('summary.md lacks the non-conformant section');
  const statuses = allureStatuses(failing.dir);
  if ((statuses.failed ?? 0) !== negatives.length) problems.push(`Allure: ${statuses.failed ?? 0} failed results for ${negatives.length} failing tests`);
  const junit = existsSync(join(failing.dir, 'junit.xml')) ? readFileSync(join(failing.dir, 'junit.xml'), 'utf8') : '';
  if (!new RegExp(`failures="${negatives.length}"`).test(junit)) problems.push('junit.xml does not count the failures');
  problems.push(...manifestProblems(failing.dir));
  record(`a non-conformant AS fails the gate: exit code ${failing.code}, ${failedTests.length} failures with their requirement in summary.json/md, Allure and JUnit; the evidence manifest holds every attachment's SHA-256`, problems.length === 0, problems.join('\n') || undefined);

  // The single-file HTML report of that run, opened offline: it renders, asks for nothing outside the file, and shows
  // the failed test with its error (the requirement), its steps (the exchanges) and an attachment.
  try {
    const report = await buildReport({ results: join(failing.dir, 'allure-results'), output: join(failing.dir, 'allure-report') });
    const offline = await checkReportOffline(report.html);
    const p = [...offline.problems];
    if (offline.outsideRequests.length) p.push(`outside requests: ${offline.outsideRequests.join(', ')}`);
    if (!offline.failedTest) p.push('the failed test could not be opened');
    else {
      if (!offline.failedTest.error.includes('[conformance]')) p.push(`the failed test shows "${offline.failedTest.error}", not the conformance failure`);
      if (offline.failedTest.steps < 1 || offline.failedTest.attachments < 1) p.push(`the failed test shows ${offline.failedTest.steps} steps and ${offline.failedTest.attachments} attachments`);
    }
    record(`npm run report: one offline HTML file (${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(1)} s, ${report.removed.length} outside references removed); in Chromium with the network blocked it renders, requests nothing outside the file and shows the failed test (${offline.failedTest?.steps ?? 0} steps, ${offline.failedTest?.attachments ?? 0} attachments) in ${offline.seconds.toFixed(1)} s`, p.length === 0, p.join('\n') || undefined);
  } catch (e) {
    record('npm run report builds the offline HTML report', false, (e as Error).message);
  }

  // The same run in two shards with blob reports, merged: the same verdicts, and the merged run's gate as exit code.
  const shardDirs = (await Promise.all(['1/2', '2/2'].map((shard) => suiteRun(`report-shard-${shard[0]}`, [fault], grep, 1, projects, { FAPI_BLOB_REPORT: '1' }, { fullReports: true, expectFaultFailures: false, extraArgs: ['--shard', shard] }))))
    .flatMap((part) => (part ? [part.dir] : []));
  if (shardDirs.length === 2 && summary) {
    const blobs = join(OUT, 'report-shards-blobs');
    rmSync(blobs, { recursive: true, force: true });
    mkdirSync(blobs, { recursive: true });
    for (const d of shardDirs) for (const f of readdirSync(join(d, 'blob-report'))) writeFileSync(join(blobs, f), readFileSync(join(d, 'blob-report', f)));
    const mergedDir = join(OUT, 'report-merged');
    rmSync(mergedDir, { recursive: true, force: true });
    const merged = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'merge-reports.ts'), blobs], { FAPI_REPORTS_DIR: mergedDir }, true);
    const m = readSummary(mergedDir);
    const p: string[] = [];
    if (merged.code !== 1) p.push(`merge-reports exited ${merged.code}, expected 1 (the gate fails)`);
    const totals = (x: Summary | undefined) => JSON.stringify(x && { ...x.totals });
    if (totals(m) !== totals(summary)) p.push(`merged totals ${totals(m)} differ from the unsharded run's ${totals(summary)}`);
    if ((allureStatuses(mergedDir).failed ?? 0) !== negatives.length) p.push('the merged Allure results do not hold the failures');
    p.push(...manifestProblems(mergedDir));
    record(`two shards with blob reports merge into one summary, JUnit and Allure results with the unsharded run's verdicts; npm run merge-reports exits with the gate (${merged.code})`, p.length === 0, p.length ? [...p, ...merged.output.trim().split('\n').slice(-5)].join('\n') : undefined);
    dirs.push(...shardDirs, mergedDir);
  }

  // The same run with those failures listed as expected.
  if (summary && failedTests.length) {
    const listFile = join(OUT, 'expected-failures.yaml');
    const happy = summary.projects[0]!.tests.find((t) => t.verdict === 'passed')!;
    writeFileSync(listFile, stringifyYaml([
      ...failedTests.map((t) => ({ test: t.id, project: t.project, reason: 'self-test: the fault under test' })),
      { test: happy.id, reason: 'self-test: a listed test that passes' },
      { test: 'no/such.spec.ts › a test that does not exist', reason: 'self-test: a stale entry' },
    ]));
    const listed = await suiteRun('report-listed', [fault], grep, 1, projects, { FAPI_EXPECTED_FAILURES: listFile }, { fullReports: true, expectFaultFailures: false });
    if (listed) {
      dirs.push(listed.dir);
      const s = readSummary(listed.dir);
      const p: string[] = [];
      if (listed.code !== 0) p.push(`exit code ${listed.code}: ${s?.gate.reasons.join('; ')}`);
      if (s?.expectedFailures?.stillFailing.length !== failedTests.length) p.push(`${s?.expectedFailures?.stillFailing.length} accepted failures, expected ${failedTests.length}`);
      if (s?.expectedFailures?.nowPassing.length !== 1) p.push(`${s?.expectedFailures?.nowPassing.length} entries reported as passing now, expected 1`);
      if (s?.expectedFailures?.stale.length !== 1) p.push(`${s?.expectedFailures?.stale.length} stale entries, expected 1`);
      if (!listed.output.includes('passed now')) p.push('the terminal does not say which listed test passes now');
      record(`with an expected-failures file listing them the run exits ${listed.code}; the listed test that passes and the stale entry are reported`, p.length === 0, p.join('\n') || undefined);
    }
  }
  return dirs;
}

/** Every attachment an Allure result names is in the manifest with the SHA-256 of the file on disk. */
function manifestProblems(dir: string): string[] {
  const file = join(dir, 'evidence-manifest.json');
  if (!existsSync(file)) return ['no evidence-manifest.json'];
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { entries: { file: string; sha256: string }[] };
  const problems: string[] = [];
  const byFile = new Map(manifest.entries.map((e) => [e.file, e.sha256]));
  const results = join(dir, 'allure-results');
  let referenced = 0;
  for (const f of readdirSync(results).filter((x) => x.endsWith('-result.json'))) {
    const walk = (node: { attachments?: { source: string }[]; steps?: unknown[] }) => {
      for (const a of node.attachments ?? []) {
        referenced += 1;
        const expected = createHash('sha256').update(readFileSync(join(results, a.source))).digest('hex');
        if (byFile.get(a.source) !== expected) problems.push(`manifest: ${a.source} ${byFile.has(a.source) ? 'has another hash' : 'is missing'}`);
      }
      for (const s of (node.steps ?? []) as typeof node[]) walk(s);
    };
    walk(JSON.parse(readFileSync(join(results, f), 'utf8')) as { attachments?: { source: string }[]; steps?: unknown[] });
  }
  if (referenced === 0) problems.push('no attachment in the Allure results');
  return problems.slice(0, 5);
}

async function configMistakes(goodFile: string, dir: string): Promise<void> {
  const good = JSON.parse(readFileSync(goodFile, 'utf8')) as Record<string, any>;
  const variants = Object.keys(good.variants);
  const clone = () => JSON.parse(JSON.stringify(good)) as Record<string, any>;
  const cases: { name: string; field: string; ext?: string; write: (path: string) => void }[] = [
    { name: 'missing file', field: 'cannot be read', write: () => undefined },
    { name: 'invalid JSON', field: 'not valid JSON', write: (p) => writeFileSync(p, '{"issuer": ') },
    { name: 'unknown field', field: `variants.${variants[0]}.clients.0`, write: (p) => { const c = clone(); c.variants[variants[0]!].clients[0].colour = 'blue'; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'missing key file', field: `variants.${variants[0]}.clients.1.key`, write: (p) => { const c = clone(); c.variants[variants[0]!].clients[1].key = join(dir, 'nope.key.pem'); writeFileSync(p, JSON.stringify(c)); } },
    { name: 'unreachable issuer', field: 'field issuer', write: (p) => { const c = clone(); c.issuer = 'https://localhost:1'; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'issuer not matching discovery', field: 'field issuer', write: (p) => { const c = clone(); c.issuer = `${good.issuer}/`; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'certificate of another key', field: `variants.${variants[1]}.clients.0.key`, write: (p) => { const c = clone(); c.variants[variants[1]!].clients[0].key = c.variants[variants[1]!].clients[1].key; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'unset environment variable', field: 'login.password', write: (p) => { const c = clone(); c.login.password = '${env:FAPI_SELF_TEST_UNSET}'; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'dynamic clients without key material', field: `variants.${variants[0]}.clients`, write: (p) => { const c = clone(); c.variants[variants[0]!].clients = 'dynamic'; delete c.registration.clients; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'invalid YAML', field: 'not valid YAML', ext: 'yaml', write: (p) => writeFileSync(p, 'issuer: https://localhost\nvariants: [unclosed\n') },
    { name: 'unknown login step', field: 'login.steps.0', write: (p) => { const c = clone(); c.login.steps = [{ action: 'hover', selector: '#x' }]; writeFileSync(p, JSON.stringify(c)); } },
  ];
  // Three at a time (each is a Playwright start-up that stops at once); recorded in order.
  const results = new Map<(typeof cases)[number], Promise<{ code: number; output: string; seconds: number }>>();
  const lanes = new Set<Promise<unknown>>();
  for (const c of cases) {
    const path = join(dir, `broken-${c.name.replace(/\W+/g, '-')}.${c.ext ?? 'json'}`);
    c.write(path);
    if (lanes.size >= 3) await Promise.race(lanes);
    const p = run(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'], { FAPI_CONFIG: path, FAPI_REPORTS_DIR: join(OUT, `external-broken-${c.name.replace(/\W+/g, '-')}`) }, true);
    results.set(c, p);
    const lane = p.finally(() => lanes.delete(lane));
    lanes.add(lane);
  }
  for (const c of cases) {
    const path = join(dir, `broken-${c.name.replace(/\W+/g, '-')}.${c.ext ?? 'json'}`);
    const r = await results.get(c)!;
    const problems: string[] = [];
    if (r.code === 0) problems.push('the run did not fail');
    if (r.seconds > 10) problems.push(`took ${r.seconds.toFixed(1)} s`);
    if (!r.output.includes(`target configuration ${path}`) || !r.output.includes(c.field)) problems.push(`the message does not name the file and "${c.field}"`);
    if (!/fix:/.test(r.output)) problems.push('no fix named');
    if (/^\s+at .+:\d+:\d+\)?$/m.test(r.output)) problems.push('a stack trace was printed');
    record(`config mistake "${c.name}" stops the run in ${r.seconds.toFixed(1)} s with one clear message`, problems.length === 0, problems.length ? `${problems.join('; ')}\n${r.output.trim().split('\n').slice(0, 6).join('\n')}` : undefined);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  const only = args.has('--external-only') ? 'external' : args.has('--unit-only') ? 'unit' : args.has('--reports-only') ? 'reports' : args.has('--hostile-only') ? 'hostile' : args.has('--hygiene-only') ? 'hygiene' : 'all';
  const reportDirs: string[] = [];
  if (only === 'all' || only === 'unit') {
    await unitTests();
    await typecheck();
  }
  if (only === 'all') {
    const rows = await baseline();
    if (rows.length) {
      guards(rows);
      reportDirs.push(join(OUT, 'no-fault'), ...(await reportsAndGate()));
      await faultMatrix(rows);
    }
  }
  if (only === 'all' || only === 'hygiene') {
    await interruptLeavesNothing({ root: ROOT, out: OUT, record });
    reportDirs.push(join(OUT, 'interrupt'));
  }
  if (only === 'all' || only === 'hostile') {
    // Mostly waiting on timeouts, not on the CPU: three at a time.
    await hostileMatrix({ root: ROOT, out: OUT, pkiDir: process.env.FAPI_PKI_DIR ?? DEFAULT_PKI_DIR, parallel: PARALLEL + 1, freePort, record, secretLedger: (secret, what) => appendFileSync(LEDGER, `${JSON.stringify({ what, secret })}\n`) });
  }
  if (only === 'all' || only === 'external') {
    await externalTarget();
    reportDirs.push(join(OUT, 'external-wrong-password'));
  }
  if (only === 'all' || only === 'reports') {
    if (only === 'reports') reportDirs.push(...(await reportsAndGate()));
    // Everything the self-test wrote under reports/self-test (with all reporters or not), not only the folders above.
    secretsStayOut(only === 'all' ? [OUT] : reportDirs.filter((d) => existsSync(d)));
  }
  const failed = checks.filter((c) => !c.ok);
  console.log(`\nself-test finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failed.length) console.log(`failed checks:\n${failed.map((c) => `  - ${c.name}`).join('\n')}`);
  console.log(`${checks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

void main();
