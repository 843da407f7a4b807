import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { wipeContext } from '../../fixtures/browser';
import { chromiumArgs, resolveChromium } from '../../scripts/browser';

/** A recycled browser context must remember nothing of the test before: no cookie, no storage of any origin it used. */

const ORIGINS = ['https://as.example.test', 'https://idp.example.test'];
let browser: Browser;

before(async () => {
  const { executablePath } = resolveChromium();
  browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: chromiumArgs() });
});
after(async () => browser?.close());

test('wipeContext clears cookies, local and session storage and IndexedDB of every origin, and closes other pages', async () => {
  const context = await browser.newContext();
  // Offline origins: every request is answered here, so nothing leaves the machine.
  await context.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>t</title>' }));
  const page = await context.newPage();
  for (const origin of ORIGINS) {
    await page.goto(`${origin}/`);
    await page.evaluate(async () => {
      localStorage.setItem('remembered', 'yes');
      sessionStorage.setItem('remembered', 'yes');
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
    });
  }
  await context.newPage(); // a popup the AS might have opened
  assert.equal((await context.cookies()).length, 2);

  await wipeContext(page, ORIGINS);

  assert.equal(context.pages().length, 1, 'other pages closed');
  assert.equal((await context.cookies()).length, 0, 'cookies cleared');
  for (const origin of ORIGINS) {
    await page.goto(`${origin}/`);
    const left = await page.evaluate(async () => ({
      local: localStorage.getItem('remembered'),
      session: sessionStorage.getItem('remembered'),
      idb: (await indexedDB.databases()).map((d) => d.name),
    }));
    assert.deepEqual(left, { local: null, session: null, idb: [] }, `nothing left for ${origin}`);
  }
  await context.close();
});
