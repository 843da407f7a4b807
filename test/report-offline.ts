/**
 * Opens the Allure report (one HTML file) in headless Chromium from a file: URL with the network cut off, and checks
 * that it renders and that a failed test's details can be reached, while logging anything that tried to go out.
 *
 *   npx tsx test/report-offline.ts reports/allure-report/index.html     (exit 0 when ok, 1 otherwise)
 *
 * What counts as a problem:
 *  - any request that is not file:, data:, blob: or about: (it is aborted and logged), any WebSocket, any
 *    Content-Security-Policy refusal (the report's own CSP stops outside loads before they become requests);
 *  - a file: request for anything but the report itself (the file is then not self-contained);
 *  - the report not rendering within 30 s (title, result tree, the total matching the embedded statistics);
 *  - an uncaught page error;
 *  - when the report holds a failed (or broken) test: not being able to click through to one, or its error
 *    message, steps or attachments not showing.
 * Resource hints (preconnect, dns-prefetch) produce no request a page can observe; scripts/report.ts removes them
 * statically, and name resolution is disabled in this browser so that the check itself cannot reach the network.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { browserNotFoundMessage, chromiumArgs, resolveChromium } from '../scripts/browser';
import { checkFailedTest, embeddedStats, oneLine, tid, waitForRender, type FailedTestCheck } from './report-offline-render';
import { Attempts, watchContext } from './report-offline-watch';

export type { FailedTestCheck } from './report-offline-render';

export interface OfflineCheckResult {
  ok: boolean;
  problems: string[];
  /** Every attempt to reach outside the file, one per URL: "GET https://… (script) [how it was stopped]". */
  outsideRequests: string[];
  seconds: number;
  /** file: URLs other than the report itself. */
  localRequests: string[];
  rendered: boolean;
  /** Tests in the report by status, from the data embedded in it. */
  stats?: Record<string, number>;
  failedTest?: FailedTestCheck;
}

export interface OfflineCheckOptions {
  /** Bound on the initial render (default 30 s). */
  renderTimeoutMs?: number;
  /** Bound on each step of the click-through to a failed test (default 10 s). */
  stepTimeoutMs?: number;
}

export async function checkReportOffline(htmlPath: string, opts: OfflineCheckOptions = {}): Promise<OfflineCheckResult> {
  const started = performance.now();
  const renderTimeout = opts.renderTimeoutMs ?? 30_000;
  const stepTimeout = opts.stepTimeoutMs ?? 10_000;
  const problems: string[] = [];
  const outside = new Attempts();
  const local = new Set<string>();
  const result = (extra: Partial<OfflineCheckResult> = {}): OfflineCheckResult => ({
    ok: problems.length === 0 && outside.size === 0 && local.size === 0,
    problems,
    outsideRequests: outside.list(),
    seconds: (performance.now() - started) / 1000,
    localRequests: [...local],
    rendered: false,
    ...extra,
  });

  const file = resolve(htmlPath);
  if (!existsSync(file)) {
    problems.push(`no such file: ${file} (npm run report builds it)`);
    return result();
  }
  const self = pathToFileURL(file).href;
  const found = resolveChromium();
  if (!found.executablePath) {
    problems.push(browserNotFoundMessage(found));
    return result();
  }

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: found.executablePath,
      // No name resolution at all: should anything slip past the routing below (a resource hint, say), it still
      // cannot reach the network from the machine running the check.
      args: [...chromiumArgs(), '--host-resolver-rules=MAP * ~NOTFOUND'],
      timeout: 30_000,
    });
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
    await watchContext(context, self, outside, local, problems);
    const page = await context.newPage();

    await page.goto(self, { waitUntil: 'load', timeout: renderTimeout });
    const stats = await embeddedStats(page);
    const rendered = await waitForRender(page, renderTimeout, stats, problems);
    let failedTest: FailedTestCheck | undefined;
    if (rendered) {
      // Failed (the AS did not conform) first; broken (a harness error) when nothing failed.
      const count = async (status: string) => stats?.[status] ?? (await page.locator(tid(`tree-leaf-status-${status}`)).count());
      const status = (await count('failed')) > 0 ? 'failed' : (await count('broken')) > 0 ? 'broken' : undefined;
      if (status) failedTest = await checkFailedTest(page, status, stepTimeout, problems);
    }
    // Late requests (lazy chunks, timers) still count: give them a moment.
    await page.waitForTimeout(500);
    await context.close();
    return result({ rendered, ...(stats ? { stats } : {}), ...(failedTest ? { failedTest } : {}) });
  } catch (e) {
    problems.push(`check aborted: ${oneLine((e as Error).message)}`);
    return result();
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const html = process.argv[2];
  if (!html || process.argv.length > 3) {
    console.error('usage: npx tsx test/report-offline.ts <report.html>');
    return 1;
  }
  const r = await checkReportOffline(html);
  console.log(`[offline] ${resolve(html)}: ${r.ok ? 'OK' : 'NOT OK'} in ${r.seconds.toFixed(1)} s`);
  if (r.stats) console.log(`[offline] tests in the report: ${Object.entries(r.stats).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`[offline] rendered: ${r.rendered ? 'yes' : 'no'}`);
  if (r.failedTest) {
    const f = r.failedTest;
    console.log(`[offline] ${f.status} test opened: "${f.title}"`);
    console.log(`[offline]   error: ${f.error}`);
    console.log(`[offline]   ${f.steps} steps, ${f.attachments} attachments; ${f.attachmentShown || 'no attachment opened'}`);
  } else if (r.rendered) {
    console.log('[offline] no failed test in the report: the failed-test path was not exercised');
  }
  console.log(`[offline] outside requests attempted: ${r.outsideRequests.length}`);
  for (const o of r.outsideRequests) console.log(`[offline]   - ${o}`);
  if (r.localRequests.length) {
    console.log(`[offline] other local files loaded (not self-contained): ${r.localRequests.length}`);
    for (const l of r.localRequests) console.log(`[offline]   - ${l}`);
  }
  for (const p of r.problems) console.log(`[offline] problem: ${p.replace(/\n/g, '\n[offline]   ')}`);
  return r.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
