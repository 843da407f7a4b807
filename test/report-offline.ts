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
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright';
import { browserNotFoundMessage, chromiumArgs, resolveChromium } from '../scripts/browser';

export interface FailedTestCheck {
  /** 'failed' (the AS did not conform) or 'broken' (harness error). */
  status: string;
  title: string;
  /** First line of the error as displayed. */
  error: string;
  steps: number;
  attachments: number;
  /** Which attachment was opened and how it showed (code, image WxH, markdown/html frame…). */
  attachmentShown: string;
}

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

const INSIDE = /^(?:file|data|blob|about):/i;
const tid = (id: string) => `[data-testid="${id}"]`;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const short = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Same document, whatever the query or fragment (the report keeps its route in both). */
const sameFile = (a: string, b: string) => a.replace(/[?#].*$/, '') === b.replace(/[?#].*$/, '');

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

/**
 * Attempts to reach outside the file, one entry per URL with everything seen about it: a request the check aborted,
 * a request event only (refused inside the browser first), a CSP refusal, a WebSocket, a service worker registration.
 */
class Attempts {
  private readonly byUrl = new Map<string, { what: string; how: Set<string> }>();
  add(url: string, what: string, how: string): void {
    const e = this.byUrl.get(url) ?? { what, how: new Set<string>() };
    // A request's own description (method, type) beats the console's paraphrase.
    const isRequest = (w: string) => /^(?:GET|POST|HEAD|PUT|PATCH|DELETE|OPTIONS) /.test(w);
    if (isRequest(what) && !isRequest(e.what)) e.what = what;
    e.how.add(how);
    this.byUrl.set(url, e);
  }
  get size(): number {
    return this.byUrl.size;
  }
  list(): string[] {
    return [...this.byUrl.values()].map((e) => `${e.what} [${[...e.how].join('; ')}]`);
  }
}

/** Blocks and logs everything that is not the file itself or inline data, for every page and worker of the context. */
async function watchContext(context: BrowserContext, self: string, outside: Attempts, local: Set<string>, problems: string[]): Promise<void> {
  const describe = (method: string, url: string, type: string) => `${method} ${short(url, 300)} (${type})`;
  await context.route('**/*', (route) => {
    const r = route.request();
    const url = r.url();
    if (INSIDE.test(url)) {
      if (/^file:/i.test(url) && !sameFile(url, self)) local.add(url);
      return route.continue();
    }
    outside.add(url, describe(r.method(), url, r.resourceType()), 'reached the network layer, aborted by the check');
    return route.abort('blockedbyclient');
  });
  // Routing does not see WebSockets; they get their own handler (and are never connected).
  await context.routeWebSocket(/.*/, (ws) => {
    outside.add(ws.url(), `websocket ${ws.url()}`, 'closed by the check');
    void ws.close({ code: 1008, reason: 'offline check' });
  });
  // Request events also cover what the router never sees: loads the report's CSP refused, service worker fetches.
  context.on('request', (r) => {
    const url = r.url();
    if (!INSIDE.test(url)) outside.add(url, describe(r.method(), url, r.resourceType()), 'attempted');
    else if (/^file:/i.test(url) && !sameFile(url, self)) local.add(url);
  });
  context.on('requestfailed', (r) => {
    const url = r.url();
    if (INSIDE.test(url) && !/^data:/i.test(url)) problems.push(`could not load ${short(url)}: ${r.failure()?.errorText ?? 'failed'}`);
  });
  // Registrations (blocked by serviceWorkers: 'block') and CSP refusals leave no request behind: record them.
  await context.exposeBinding('__reportOfflineAttempt', (_source, url: unknown, what: unknown, how: unknown) => outside.add(String(url), String(what), String(how)));
  await context.addInitScript(() => {
    const report = (globalThis as unknown as { __reportOfflineAttempt?: (url: string, what: string, how: string) => void }).__reportOfflineAttempt;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => report?.(e.blockedURI || '(inline)', `${e.effectiveDirective} ${e.blockedURI || '(inline)'}`, "refused by the report's CSP"),
      true,
    );
    const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined;
    if (sw) {
      const register = sw.register.bind(sw);
      sw.register = (url: string | URL, options?: RegistrationOptions) => {
        report?.(String(url), `service worker ${String(url)}`, 'registration attempted');
        return register(url, options);
      };
    }
  });
  const watchPage = (page: Page) => {
    page.on('pageerror', (e) => problems.push(`page error: ${short(oneLine(e.message), 300)}`));
    // Refusals inside Allure's sandboxed attachment frames (no scripts run there) only show up on the console.
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() !== 'error' || !/Content Security Policy/i.test(text)) return;
      // "Loading the image 'https://…' violates…", "Fetch API cannot load https://…. Refused to connect…"
      const url = /((?:https?|wss?):\/\/[^\s'"]+)/i.exec(text)?.[1]?.replace(/[.,;:]+$/, '');
      if (url) outside.add(url, `CSP refusal of ${short(url, 300)}`, "refused by the report's CSP");
      else problems.push(`CSP: ${short(oneLine(text), 300)}`);
    });
    page.on('websocket', (ws) => outside.add(ws.url(), `websocket ${ws.url()}`, 'opened'));
  };
  context.on('page', watchPage);
}

/** Counts by status from the report's own data (widgets/statistic.json, embedded base64 in the single file). */
async function embeddedStats(page: Page): Promise<Record<string, number> | undefined> {
  return page
    .evaluate(() => {
      const data = (globalThis as unknown as { allureReportData?: Record<string, string> }).allureReportData;
      const raw = data?.['widgets/statistic.json'];
      if (!raw) return undefined;
      const bytes = Uint8Array.from(atob(raw), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, number>;
    })
    .catch(() => undefined);
}

/**
 * Rendered means: Allure's loading overlay is gone, the report title and the result tree are visible, and the total
 * the page shows equals the total in the embedded data (the app read the data, not just drew its frame).
 */
async function waitForRender(page: Page, renderTimeout: number, stats: Record<string, number> | undefined, problems: string[]): Promise<boolean> {
  const deadline = Date.now() + renderTimeout;
  const left = () => Math.max(1, deadline - Date.now());
  const steps: [string, () => Promise<unknown>][] = [
    ['report title', () => page.locator(tid('report-title')).first().waitFor({ state: 'visible', timeout: left() })],
    ['loading overlay gone', () => page.locator('#allure-app-loader').waitFor({ state: 'hidden', timeout: left() })],
    ['result tree', () => page.locator(`${tid('tree-leaf')}, ${tid('tree-section')}`).first().waitFor({ state: 'visible', timeout: left() })],
  ];
  for (const [what, wait] of steps) {
    try {
      await wait();
    } catch {
      problems.push(`report did not render: no ${what} within ${Math.round(renderTimeout / 1000)} s of loading`);
      return false;
    }
  }
  if (stats && typeof stats['total'] === 'number') {
    const shown = page.locator(`${tid('metadata-item-total')} ${tid('metadata-value')}`).first();
    const text = await shown.textContent({ timeout: left() }).catch(() => null);
    if (text === null) problems.push('report rendered without its "Total" figure');
    else if (Number(text.replace(/\D/g, '')) !== stats['total']) problems.push(`report shows a total of ${oneLine(text)} tests, its data holds ${stats['total']}`);
  }
  return true;
}

/** The failed test's data as embedded in the report, by test result id. */
async function embeddedResult(page: Page, id: string): Promise<{ name?: string; error?: { message?: string } } | undefined> {
  return page
    .evaluate((key) => {
      const data = (globalThis as unknown as { allureReportData?: Record<string, string> }).allureReportData;
      const raw = data?.[key];
      if (!raw) return undefined;
      const bytes = Uint8Array.from(atob(raw), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes)) as { name?: string; error?: { message?: string } };
    }, `data/test-results/${id}.json`)
    .catch(() => undefined);
}

/**
 * Clicks the first test of the status in the tree (Allure expands the groups that hold failures; the status tab,
 * "Failed" or "Broken", narrows the tree first), then checks the error message against the embedded data, the
 * steps, and that one attachment opens with its content shown.
 */
async function checkFailedTest(page: Page, status: string, timeout: number, problems: string[]): Promise<FailedTestCheck | undefined> {
  const tab = page.locator(tid(`tab-${status}`));
  if (await tab.isVisible()) await tab.click({ timeout });
  const leaf = page.locator(tid('tree-leaf')).filter({ has: page.locator(tid(`tree-leaf-status-${status}`)) }).first();
  try {
    await leaf.waitFor({ state: 'visible', timeout });
  } catch {
    problems.push(`the report counts ${status} tests but none shows in the result tree`);
    return undefined;
  }
  const title = oneLine((await leaf.locator(tid('tree-leaf-title')).textContent()) ?? '');
  await leaf.click({ timeout });

  const message = page.locator(tid('test-result-error-message')).first();
  try {
    await message.waitFor({ state: 'visible', timeout });
  } catch {
    problems.push(`failed test "${title}": no error message shown after clicking it`);
    return undefined;
  }
  const shownError = oneLine((await message.textContent()) ?? '');
  // The route is the test result id in the fragment (index.html?status=failed#<id>).
  const id = new URL(page.url()).hash.slice(1);
  const data = id ? await embeddedResult(page, id) : undefined;
  const expected = oneLine(data?.error?.message?.split('\n')[0] ?? '');
  if (!shownError) problems.push(`failed test "${title}": the error message is empty`);
  else if (expected && !shownError.includes(expected.slice(0, 80))) problems.push(`failed test "${title}": shows "${short(shownError)}", its data says "${short(expected)}"`);

  const steps = await page.locator(tid('test-result-step')).count();

  // Attachments: from their own tab (all of them, steps flattened), opening the first and, if any, an image.
  let attachments = 0;
  let attachmentShown = '';
  const attachmentsTab = page.locator(tid('test-result-tab-attachments'));
  if (await attachmentsTab.isVisible()) {
    await attachmentsTab.click({ timeout });
    const items = page.locator(tid('test-result-attachment'));
    await items.first().waitFor({ state: 'visible', timeout: Math.min(timeout, 5_000) }).catch(() => undefined);
    attachments = await items.count();
    if (attachments > 0) {
      const image = items.filter({ hasText: /image\// }).first();
      const target = (await image.count()) > 0 ? image : items.first();
      attachmentShown = await openAttachment(target, timeout);
      if (!attachmentShown.startsWith('shown')) problems.push(`failed test "${title}": attachment ${attachmentShown}`);
    }
  }
  if (steps === 0 && attachments === 0) problems.push(`failed test "${title}": neither steps nor attachments are shown`);
  return { status, title, error: short(shownError, 200), steps, attachments, attachmentShown };
}

/** Content elements of Allure's attachment previews (code/JSON/text, image, video, markdown and HTML frames, tables). */
const CONTENT = [
  'code-attachment-content',
  'image-attachment-content',
  'video-attachment-content',
  'markdown-attachment-preview',
  'html-attachment-preview',
  'test-result-attachment-text',
  'table-attachment-content',
  'http-attachment-content',
].map(tid).join(', ');

async function openAttachment(item: Locator, timeout: number): Promise<string> {
  // The header reads "<order>\n<name>\n<type>\n<size>".
  const parts = (await item.locator(tid('test-result-attachment-header')).innerText().catch(() => '')).split('\n').map((p) => p.trim()).filter(Boolean);
  if (parts.length > 1 && /^\d+$/.test(parts[0]!)) parts.shift();
  const name = parts.length > 1 ? `${parts[0]} (${parts.slice(1).join(', ')})` : (parts[0] ?? 'attachment');
  const content = item.locator(CONTENT).first();
  if (!(await content.isVisible())) {
    // Collapsed: the header's first button toggles it.
    await item.locator(`${tid('test-result-attachment-header')} button`).first().click({ timeout });
  }
  try {
    await content.waitFor({ state: 'visible', timeout });
  } catch {
    const broken = await item.locator(`${tid('test-result-attachment-error')}, ${tid('test-result-attachment-missed')}`).count();
    return `"${short(name, 80)}" ${broken ? 'shows an error instead of its content' : 'did not open'}`;
  }
  const kind = (await content.getAttribute('data-testid')) ?? '';
  if (kind === 'image-attachment-content') {
    // A broken data: URL still makes an <img>; a decoded image has a size.
    const size = await content.locator('img').first().evaluate((img: HTMLImageElement) => (img.complete ? [img.naturalWidth, img.naturalHeight] : [0, 0])).catch(() => [0, 0]);
    if (!size[0]) return `"${short(name, 80)}": the image does not decode`;
    return `shown: "${short(name, 80)}" as an image ${size[0]}×${size[1]}`;
  }
  const text = oneLine((await content.textContent()) ?? '');
  if (kind === 'code-attachment-content' && !text) return `"${short(name, 80)}": empty content`;
  return `shown: "${short(name, 80)}" (${kind.replace(/-attachment-(content|preview)$/, '').replace(/^test-result-attachment-/, '')}${text ? `, ${text.length} characters` : ''})`;
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
