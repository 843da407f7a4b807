import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { watchTab, wipeContext } from '../../fixtures/context-wipe';
import { chromiumArgs, resolveChromium } from '../../scripts/browser';

/** A recycled browser context must remember nothing of the test before: no cookie, no storage of any origin it used. */

// Two sites (Chromium gives each its own renderer), so that the watch is shown to follow a cross-site navigation.
const ORIGINS = ['https://as.example.test', 'https://idp.example.org'];
let browser: Browser;

before(async () => {
  const { executablePath } = resolveChromium();
  browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: chromiumArgs() });
});
after(async () => browser?.close());

async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  // Offline origins: every request is answered here, so nothing leaves the machine.
  await context.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>t</title>' }));
  return { context, page: await context.newPage() };
}

/** Visits every origin and leaves cookies, local storage and IndexedDB behind (session storage too, if asked). */
async function remember(page: Page, opts: { session: boolean }): Promise<void> {
  for (const origin of ORIGINS) {
    await page.goto(`${origin}/`);
    await page.evaluate(async (session) => {
      localStorage.setItem('remembered', 'yes');
      if (session) sessionStorage.setItem('remembered', 'yes');
      document.cookie = 'session=abc; Secure; Path=/; Max-Age=3600';
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('db', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('s');
        req.onsuccess = () => {
          const tx = req.result.transaction('s', 'readwrite');
          tx.objectStore('s').put('yes', 'k');
          tx.oncomplete = () => { req.result.close(); resolve(); };
        };
        req.onerror = () => reject(req.error);
      });
    }, opts.session);
  }
}

async function assertForgotten(context: BrowserContext, page: Page): Promise<void> {
  assert.deepEqual(context.pages(), [page], 'only the tab handed over is left');
  assert.equal((await context.cookies()).length, 0, 'cookies cleared');
  for (const origin of ORIGINS) {
    await page.goto(`${origin}/`);
    const left = await page.evaluate(async () => ({
      late: localStorage.getItem('late'),
      local: localStorage.getItem('remembered'),
      session: sessionStorage.getItem('remembered'),
      idb: (await indexedDB.databases()).map((d) => d.name),
    }));
    assert.deepEqual(left, { late: null, local: null, session: null, idb: [] }, `nothing left for ${origin}`);
  }
}

test('without a watch: every tab is closed, and a new tab starts in a context with nothing left', async () => {
  const { context, page } = await newContext();
  await remember(page, { session: true });
  // A script of the last site that keeps writing (a session keep-alive, say) must not outlive the wipe.
  await page.evaluate(() => setInterval(() => localStorage.setItem('late', 'yes'), 1));
  await context.newPage(); // a popup the AS might have opened
  assert.equal((await context.cookies()).length, 2);

  const next = await wipeContext(page, ORIGINS);

  assert.equal(page.isClosed(), true, 'the used tab is closed');
  assert.equal(next.watch.sawSessionStorage, false, 'the new tab has a watch of its own');
  await assertForgotten(context, next.page);
  await context.close();
});

test('newTab: the used tab is replaced even if its watch saw nothing', async () => {
  const { context, page } = await newContext();
  const watch = await watchTab(page);
  await remember(page, { session: false });
  const next = await wipeContext(page, ORIGINS, { watch, newTab: true });
  assert.notEqual(next.page, page);
  await assertForgotten(context, next.page);
  await context.close();
});

test('the watch sees session storage written after a cross-site navigation: the wipe then hands over a new tab', async () => {
  const { context, page } = await newContext();
  const watch = await watchTab(page);
  await remember(page, { session: false });
  assert.equal(watch.sawSessionStorage, false, 'local storage, cookies and IndexedDB alone are not session storage');
  await page.evaluate(() => sessionStorage.setItem('remembered', 'yes')); // on the second site, in another renderer
  await watch.cdp.send('DOMStorage.enable'); // one round trip on the watch's session: its events came before the answer
  assert.equal(watch.sawSessionStorage, true);

  const next = await wipeContext(page, ORIGINS, { watch });

  assert.notEqual(next.page, page);
  await assertForgotten(context, next.page);
  await context.close();
});

test('the watch sees a subframe: the wipe then hands over a new tab', async () => {
  const { context, page } = await newContext();
  const watch = await watchTab(page);
  await page.goto(`${ORIGINS[0]}/`);
  await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.onload = resolve;
    f.src = src;
    document.body.append(f);
  }), `${ORIGINS[1]}/frame`);
  assert.equal(watch.sawSubframe, true);
  const next = await wipeContext(page, ORIGINS, { watch });
  assert.notEqual(next.page, page);
  await context.close();
});

test('a tab without session storage is kept: it leaves a page that may still run scripts, and nothing is left', async () => {
  const { context, page } = await newContext();
  const watch = await watchTab(page);
  await remember(page, { session: false });
  await page.evaluate(() => setInterval(() => localStorage.setItem('late', 'yes'), 1));
  await context.newPage();

  const next = await wipeContext(page, ORIGINS, { watch });

  assert.equal(next.page, page, 'the same tab');
  assert.equal(page.url(), 'about:blank', 'it left the last site');
  await assertForgotten(context, page);
  await context.close();
});

test('a tab resting on the callback page it ended at stays there, and nothing is left', async () => {
  const { context, page } = await newContext();
  const watch = await watchTab(page);
  await remember(page, { session: false });
  const restingAt = page.url();

  const next = await wipeContext(page, ORIGINS, { watch, restingAt });

  assert.equal(next.page, page);
  assert.equal(page.url(), restingAt, 'no navigation');
  await assertForgotten(context, page);
  await context.close();
});
