import type { Locator, Page } from 'playwright';

/* The offline check's look at the report itself: it renders (title, result tree, the total its data holds), and a
 * failed test's error, steps and an attachment can be reached by clicking. */

export const tid = (id: string) => `[data-testid="${id}"]`;
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
export const short = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

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

/** Counts by status from the report's own data (widgets/statistic.json, embedded base64 in the single file). */
export async function embeddedStats(page: Page): Promise<Record<string, number> | undefined> {
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
export async function waitForRender(page: Page, renderTimeout: number, stats: Record<string, number> | undefined, problems: string[]): Promise<boolean> {
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
export async function checkFailedTest(page: Page, status: string, timeout: number, problems: string[]): Promise<FailedTestCheck | undefined> {
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
