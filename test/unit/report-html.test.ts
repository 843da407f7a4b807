import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSP, processHtml, stripOutsideReferences, urlOrigin } from '../../scripts/report/clean-html';
import { scanForOutsideReferences } from '../../scripts/report/scan';

const page = (head: string, body = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('urlOrigin: inline, local or outside, as a browser would read the URL', () => {
  assert.equal(urlOrigin('data:image/png;base64,AAAA'), 'inline');
  assert.equal(urlOrigin('#top'), 'inline');
  assert.equal(urlOrigin('data/test.json'), 'local');
  assert.equal(urlOrigin('https://example.com/a.js'), 'outside');
  assert.equal(urlOrigin('//cdn.example.com/a.js'), 'outside');
  assert.equal(urlOrigin('ht\ttps://example.com/'), 'outside', 'tabs inside a URL are dropped by browsers');
  assert.equal(urlOrigin('https&colon;//example.com/'), 'outside', 'entities are decoded');
});

test("the cleaner removes Allure's analytics and every loading reference to the network, and keeps plain links", () => {
  const html = page(
    '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>' +
      "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>" +
      '<link rel="preconnect" href="https://fonts.example.com">' +
      '<link rel="stylesheet" href="https://cdn.example.com/x.css">' +
      '<style>@import url("https://cdn.example.com/y.css"); body { background: url(https://cdn.example.com/bg.png) }</style>',
    '<img src="https://tracker.example.com/p.gif"><a href="https://allurereport.org">Allure</a><script src="data:text/javascript;base64,' + b64('console.log(1)') + '"></script>',
  );
  const { html: cleaned, removed } = stripOutsideReferences(html);
  for (const gone of ['googletagmanager', 'dataLayer', 'fonts.example.com', 'cdn.example.com', 'tracker.example.com']) assert.ok(!cleaned.includes(gone), `${gone} left in the page`);
  assert.ok(cleaned.includes('<a href="https://allurereport.org">'), 'a plain link loads nothing and stays');
  assert.ok(removed.length >= 5, removed.join('\n'));
  assert.ok(cleaned.indexOf(CSP) > 0 && cleaned.indexOf(CSP) < cleaned.indexOf('<style'), 'the CSP comes before any resource');
  assert.deepEqual(scanForOutsideReferences(cleaned).fatal, []);
});

test('detect-only mode reports without changing the page', () => {
  const html = page('<script src="https://cdn.example.com/a.js"></script>');
  const { html: same, findings } = processHtml(html, true);
  assert.equal(same, html);
  assert.equal(findings.filter((f) => f.origin === 'outside').length, 1);
});

test('the scan fails a page without the CSP, with an outside script, or with an outside reference in its app bundle', () => {
  const bare = page('');
  assert.match(scanForOutsideReferences(bare).fatal.join('\n'), /Content-Security-Policy/);
  const cleaned = stripOutsideReferences(bare).html;
  assert.deepEqual(scanForOutsideReferences(cleaned).fatal, []);
  const withScript = cleaned.replace('</head>', '<script src="https://cdn.example.com/a.js"></script></head>');
  assert.match(scanForOutsideReferences(withScript).fatal.join('\n'), /page: .*cdn\.example\.com/);
  const bundle = cleaned.replace('</body>', `<script src="data:text/javascript;base64,${b64('fetch("https://api.example.com/collect")')}"></script></body>`);
  assert.match(scanForOutsideReferences(bundle).fatal.join('\n'), /app bundle: unreviewed outside reference https:\/\/api\.example\.com\/collect/);
  const allowed = cleaned.replace('</body>', `<script src="data:text/javascript;base64,${b64('const ns = "http://www.w3.org/2000/svg"')}"></script></body>`);
  assert.deepEqual(scanForOutsideReferences(allowed).fatal, []);
});

test('the scan looks into embedded HTML attachments, which Allure renders in iframes', () => {
  const cleaned = stripOutsideReferences(page('')).html;
  const data = `<script>d("data/attachments/a.html", "${b64('<img src="https://tracker.example.com/p.gif">')}")</script>`;
  const fatal = scanForOutsideReferences(cleaned.replace('</body>', `${data}</body>`)).fatal.join('\n');
  assert.match(fatal, /attachment data\/attachments\/a\.html: .*tracker\.example\.com/);
});
