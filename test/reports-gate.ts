import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import type { FaultName } from '../reference-server/server';
import { buildReport } from '../scripts/report';
import { OUT, record, ROOT, run, suiteRun } from './context';
import { checkReportOffline } from './report-offline';
import { allureStatuses, readSummary, type Summary } from './report-files';

/**
 * The reports and the CI gate of a run that finds the AS non-conformant, as a user's run would (the fault's negatives
 * are not marked as expected to fail): the run exits non-zero, summary.json and Allure name the failed requirement, the
 * evidence manifest hashes every attachment; with an expected-failures file that lists those failures (plus a test that
 * passes and an entry that matches nothing) the same run exits 0 and the summary reports the other two entries. Then
 * the single-file HTML report of the failing run is built and opened in Chromium with every outside request blocked.
 */
export async function reportsAndGate(): Promise<string[]> {
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
