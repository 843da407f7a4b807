/**
 * `npm run report`: builds the Allure 3 report as one HTML file that opens from disk without a single network request.
 *
 *   tsx scripts/report.ts [--results <dir>] [--output <dir>] [--timeout <seconds>]
 *
 * Defaults: reports/allure-results → reports/allure-report, or $FAPI_REPORTS_DIR/allure-results →
 * $FAPI_REPORTS_DIR/allure-report when FAPI_REPORTS_DIR is set (as playwright.config.ts does).
 *
 * Steps:
 *  1. Allure's own CLI (`allure generate`, the package's bin) runs in a child process with the repo's allurerc.mjs
 *     (awesome plugin, singleFile), into a fresh temporary folder next to the output, bounded by a timeout.
 *  2. The HTML is cleaned: Allure 3.18 appends Google Analytics (`<script async src=https://www.googletagmanager.com/
 *     gtag/js?id=…>` plus an inline gtag/dataLayer set-up) and has no switch to turn it off. Those are removed, as is
 *     any other resource-loading reference to the network (script/link/iframe/img… src/href, preconnect and
 *     dns-prefetch hints, CSS @import and url(), meta refresh, base). Plain links (`<a href>`) stay: they load nothing.
 *  3. A Content-Security-Policy `<meta>` is put first in `<head>`: only inline, data: and blob: resources may load, so
 *     whatever the static clean-up cannot see (HTML/markdown attachments rendered in iframes, code paths of the app
 *     that only run on a click, additions in a future Allure) is refused by the browser instead of reaching the network.
 *  4. A static scan of the result — the page, Allure's app bundle (a data: script, decoded) and the embedded report
 *     data — must find no resource-loading reference to the network; otherwise the build fails loudly and the
 *     rejected report is kept aside for inspection, so an Allure upgrade that adds one is caught here.
 *  5. The temporary folder replaces the output folder (a failed build leaves the previous report untouched).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const ALLURE_CONFIG = join(ROOT, 'allurerc.mjs');
const DEFAULT_TIMEOUT_MS = 120_000;

/** An expected failure (missing results, timeout, outside reference left): the CLI prints the message only, no stack. */
export class ReportError extends Error {
  override name = 'ReportError';
}

export interface BuildOptions {
  /** Allure results folder; default reports/allure-results (or $FAPI_REPORTS_DIR/allure-results). */
  results?: string;
  /** Report folder, replaced as a whole; default reports/allure-report (or $FAPI_REPORTS_DIR/allure-report). */
  output?: string;
  /** Bound on `allure generate` (default 120 s). */
  timeoutMs?: number;
}

export interface BuildResult {
  /** Absolute path of the report's index.html. */
  html: string;
  bytes: number;
  /** Whole build: generation, clean-up, verification, move into place. */
  seconds: number;
  /** `allure generate` alone. */
  allureSeconds: number;
  /** One line per outside reference removed (or neutralised) from the HTML. */
  removed: string[];
  /** Everything in the output besides index.html, relative paths ("data/" for folders), with sizes. */
  extraFiles: string[];
  /** Things worth a look that do not make the report load anything from the network. */
  warnings: string[];
}

export function defaultDirs(env: NodeJS.ProcessEnv = process.env): { results: string; output: string } {
  const base = env['FAPI_REPORTS_DIR'] ? resolve(env['FAPI_REPORTS_DIR']) : join(ROOT, 'reports');
  return { results: join(base, 'allure-results'), output: join(base, 'allure-report') };
}

// ---------------------------------------------------------------------------------------------------------------
// Running Allure
// ---------------------------------------------------------------------------------------------------------------

/**
 * The `allure` package's bin, as its package.json declares it. Importing the package instead is not an option:
 * its main module parses process.argv and runs the CLI as a side effect of being imported.
 */
function allureCli(): string {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('allure');
  } catch {
    throw new ReportError('the `allure` package is not installed (npm install)');
  }
  // main is <pkg>/dist/index.js; walk up to the package.json that names the package.
  let dir = dirname(main);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['allure'];
  if (pkg.name !== 'allure' || !bin) throw new ReportError(`cannot find the allure CLI (package.json at ${dir} declares no bin)`);
  return join(dir, bin);
}

/**
 * Allure treats each results argument as a glob pattern (with backslash as a path separator, so no backslash
 * escaping): glob characters in a real folder name are put in brackets, which matches them literally.
 */
function literalGlob(path: string): string {
  return path.replace(/[?*()[\]{}]/g, '[$&]');
}

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function runAllure(results: string, output: string, timeoutMs: number): Promise<number> {
  const cli = allureCli();
  const started = performance.now();
  const args = [cli, 'generate', literalGlob(results), '--config', ALLURE_CONFIG, '--cwd', ROOT, '--output', output];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    // Allure is quiet on success; its output only matters when it fails, so the tail is kept.
    let tail = '';
    const keep = (d: Buffer) => {
      tail = (tail + d.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      // A generator stuck in I/O may ignore SIGTERM.
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ReportError(`could not start Allure (${process.execPath} ${cli}): ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      const said = stripAnsi(tail).trim();
      if (timedOut) {
        reject(new ReportError(`allure generate did not finish within ${timeoutMs >= 10_000 ? Math.round(timeoutMs / 1000) : (timeoutMs / 1000).toFixed(1)} s and was stopped; pass --timeout <seconds> for a larger results folder${said ? `\nAllure said:\n${said}` : ''}`));
      } else if (code !== 0) {
        reject(new ReportError(`allure generate failed (${signal ? `signal ${signal}` : `exit code ${code}`})${said ? `:\n${said}` : ''}`));
      } else {
        resolvePromise((performance.now() - started) / 1000);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Finding and removing outside references
// ---------------------------------------------------------------------------------------------------------------

/** Where a URL would load from: nothing (inline data), this machine (a sibling file), or the network. */
type Origin = 'inline' | 'local' | 'outside';

const NAMED_ENTITIES: Record<string, string> = { amp: '&', colon: ':', sol: '/', quot: '"', apos: "'", lt: '<', gt: '>', period: '.', tab: '\t', newline: '\n' };

function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));?/gi, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return NAMED_ENTITIES[name!.toLowerCase()] ?? m;
  });
}

export function urlOrigin(raw: string): Origin {
  // Browsers drop leading/trailing spaces and tabs/newlines anywhere in a URL: `ht\ttps://` still reaches the network.
  const u = decodeEntities(raw).replace(/[\u0000-\u0020]+/g, '');
  if (u === '' || u.startsWith('#')) return 'inline';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u)?.[1]?.toLowerCase();
  if (scheme === undefined) return /^[/\\]{2}/.test(u) ? 'outside' : 'local';
  if (scheme === 'data' || scheme === 'blob' || scheme === 'about' || scheme === 'javascript') return 'inline';
  if (scheme === 'file') return 'local';
  return 'outside';
}

/** Attributes that make the browser fetch something by themselves (not on a click), per element. */
const LOADING_ATTRS: Record<string, readonly string[]> = {
  script: ['src', 'href', 'xlink:href'],
  link: ['href', 'imagesrcset'],
  img: ['src', 'srcset', 'lowsrc', 'longdesc'],
  source: ['src', 'srcset'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  iframe: ['src'],
  frame: ['src'],
  embed: ['src'],
  object: ['data', 'codebase'],
  applet: ['code', 'codebase', 'archive'],
  input: ['src'],
  base: ['href'],
  html: ['manifest'],
  body: ['background'],
  table: ['background'],
  td: ['background'],
  th: ['background'],
  image: ['href', 'xlink:href'],
  use: ['href', 'xlink:href'],
  feimage: ['href', 'xlink:href'],
};
/** <link> relations for which the browser fetches (or connects to) the href by itself. */
const LOADING_RELS = /\b(?:stylesheet|icon|apple-touch-icon(?:-precomposed)?|mask-icon|preload|prefetch|modulepreload|preconnect|dns-prefetch|prerender|manifest|import|serviceworker|compression-dictionary)\b/;
/** Elements dropped whole when they reach outside (they exist only to load); for the others only the attribute goes. */
const DROP_WHOLE = new Set(['script', 'link', 'base', 'meta']);

/**
 * Inline analytics set-ups (Allure's gtag block, and the usual others, should a version switch providers). Case
 * sensitive and made of host names or punctuation, so that it cannot match by chance inside base64 data.
 */
const ANALYTICS = /googletagmanager\.com|google-analytics\.com|\bgtag\s*\(|\bdataLayer\b|GoogleAnalyticsObject|\b_gaq\b|mc\.yandex\.ru|clarity\.ms|hotjar\.com|plausible\.io|\bsegment\.(?:com|io)\b|mixpanel\.com|amplitude\.com|posthog\.com|\b_paq\b/;
/** Long base64 runs (Allure's embedded data, inlined fonts) say nothing about what a script loads: left out of the tests. */
const withoutBase64 = (code: string) => code.replace(/[A-Za-z0-9+/=]{100,}/g, '');
/** An absolute or protocol-relative URL inside quotes, in script text. */
const QUOTED_URL = /["'`]((?:https?:|wss?:)?\/\/[^"'`\s]+)/gi;
/** Script APIs that load what they are given. */
const LOADS = /\b(?:createElement|appendChild|insertBefore|fetch\s*\(|XMLHttpRequest|sendBeacon|importScripts|import\s*\(|WebSocket|EventSource|document\.write|innerHTML|insertAdjacentHTML|Image\s*\(|location\s*=|location\.(?:href|assign|replace))|\.src\s*=|\.href\s*=/;

const ATTRS = String.raw`(?:[\s/]+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*`;
/** Comments, raw-text elements (script/style, content kept whole) and start tags. Good enough for generated HTML. */
const TOKEN = new RegExp(String.raw`<!--[\s\S]*?-->|<(script|style)\b(${ATTRS})[\s/]*>([\s\S]*?)</\1\s*>|<([a-zA-Z][\w:.-]*)(${ATTRS})[\s/]*>`, 'gi');
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

interface Attr {
  name: string;
  value: string | undefined;
  /** The attribute's text inside the tag, to cut it out. */
  text: string;
}

function parseAttrs(s: string): Attr[] {
  const out: Attr[] = [];
  for (const m of s.matchAll(ATTR)) out.push({ name: m[1]!.toLowerCase(), value: m[2] ?? m[3] ?? m[4], text: m[0] });
  return out;
}

const short = (u: string) => (u.length > 120 ? `${u.slice(0, 117)}…` : u);

function srcsetUrls(v: string): string[] {
  return v.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

/** The outside URLs a CSS text loads (@import, url(), image-set strings), with a cleaned copy. */
function cleanCss(css: string): { css: string; found: string[] } {
  const found: string[] = [];
  let out = css.replace(/@import\s+(?:url\(\s*)?(["']?)([^"')\s;]+)\1\s*\)?[^;]*;?/gi, (m, _q: string, url: string) => {
    if (urlOrigin(url) !== 'outside') return m;
    found.push(`CSS @import ${short(url)}`);
    return '';
  });
  // An empty data: URL is valid CSS and loads nothing, so the declaration stays well-formed.
  out = out.replace(/url\(\s*(["']?)([^"')]*?)\1\s*\)/gi, (m, _q: string, url: string) => {
    if (urlOrigin(url) !== 'outside') return m;
    found.push(`CSS url(${short(url)})`);
    return 'url("data:,")';
  });
  out = out.replace(/(image-set\([^)]*?)(["'])((?:https?:)?\/\/[^"']*)\2/gi, (_m, pre: string, _q: string, url: string) => {
    found.push(`CSS image-set ${short(url)}`);
    return `${pre}"data:,"`;
  });
  return { css: out, found };
}

export interface Finding {
  /** What it is and what it loads, for the console. */
  what: string;
  origin: Exclude<Origin, 'inline'>;
  /** Whether processHtml takes it out (when not in detect-only mode); suspicious inline scripts are only reported. */
  removable: boolean;
}

/**
 * Walks the page's elements and removes (or, with `detectOnly`, just reports) every reference that loads from
 * outside the file. Local references (sibling files) are reported, never removed: they do not reach the network,
 * they only mean the file is not self-contained.
 */
export function processHtml(html: string, detectOnly: boolean): { html: string; findings: Finding[] } {
  const findings: Finding[] = [];
  const out = html.replace(TOKEN, (token: string, rawName: string | undefined, rawAttrs: string | undefined, body: string | undefined, tagName: string | undefined, tagAttrs: string | undefined) => {
    if (token.startsWith('<!--')) return token;
    const name = (rawName ?? tagName ?? '').toLowerCase();
    const attrText = rawAttrs ?? tagAttrs ?? '';
    const attrs = parseAttrs(attrText);
    const get = (n: string) => attrs.find((a) => a.name === n)?.value;
    let dropWhole = false;
    const dropAttrs: Attr[] = [];
    const note = (what: string, origin: Exclude<Origin, 'inline'>, removable = origin === 'outside') => findings.push({ what, origin, removable });

    // Resource-loading attributes.
    for (const a of attrs) {
      if (!(LOADING_ATTRS[name] ?? []).includes(a.name) || a.value === undefined) continue;
      const urls = a.name.endsWith('srcset') ? srcsetUrls(a.value) : [a.value];
      const worst = urls.map(urlOrigin).reduce<Origin>((w, o) => (o === 'outside' || w === 'outside' ? 'outside' : o === 'local' || w === 'local' ? 'local' : 'inline'), 'inline');
      if (worst === 'inline') continue;
      // <link rel=canonical/alternate/author…> only names a page; the browser fetches nothing for it.
      const rel = (get('rel') ?? '').toLowerCase();
      if (name === 'link' && !LOADING_RELS.test(rel)) continue;
      const label = `<${name}${rel ? ` rel=${rel}` : ''} ${a.name}=${short(a.value)}>`;
      note(label, worst);
      if (worst === 'outside') {
        if (DROP_WHOLE.has(name)) dropWhole = true;
        else dropAttrs.push(a);
      }
    }
    // Resource hints open connections (or look up names) without a request a page could see: any href is too much.
    if (name === 'link' && /\b(?:preconnect|dns-prefetch)\b/i.test(get('rel') ?? '') && !dropWhole && urlOrigin(get('href') ?? '') !== 'outside') {
      note(`<link rel=${get('rel')} href=${short(get('href') ?? '')}>`, 'outside');
      dropWhole = true;
    }
    // <meta http-equiv=refresh content="0; url=…"> navigates by itself.
    if (name === 'meta' && (get('http-equiv') ?? '').toLowerCase() === 'refresh') {
      const url = /url\s*=\s*['"]?([^'";]+)/i.exec(get('content') ?? '')?.[1];
      if (url && urlOrigin(url) === 'outside') {
        note(`<meta http-equiv=refresh url=${short(url)}>`, 'outside');
        dropWhole = true;
      }
    }
    // Inline CSS in style="" attributes.
    let newAttrText = attrText;
    const style = attrs.find((a) => a.name === 'style' && a.value !== undefined);
    if (style && !dropWhole) {
      const c = cleanCss(style.value!);
      for (const f of c.found) note(`<${name} style> ${f}`, 'outside');
      // Function replacers throughout: a replacement string would interpret `$&` and friends found in the page.
      if (c.found.length) newAttrText = newAttrText.replace(style.text, () => `style="${c.css.replace(/"/g, '&quot;')}"`);
    }
    let newBody = body;
    if (name === 'style' && body !== undefined) {
      const c = cleanCss(body);
      for (const f of c.found) note(`<style> ${f}`, 'outside');
      newBody = c.css;
    }
    const code = name === 'script' && body !== undefined && get('src') === undefined ? withoutBase64(body) : undefined;
    if (code !== undefined) {
      if (ANALYTICS.test(code)) {
        const urls = [...code.matchAll(QUOTED_URL)].map((m) => m[1]!);
        note(`inline analytics script (${/gtag|dataLayer/.test(code) ? 'gtag/dataLayer set-up' : 'tracker'}${urls.length ? `; ${urls.map(short).join(', ')}` : ''})`, 'outside');
        dropWhole = true;
      } else if (LOADS.test(code)) {
        // Not a known tracker but it could inject something: reported, never removed blindly (it may be the app).
        for (const m of code.matchAll(QUOTED_URL)) {
          if (urlOrigin(m[1]!) === 'outside') note(`inline script that may load ${short(m[1]!)}`, 'outside', false);
        }
      }
    }

    if (detectOnly) return token;
    if (dropWhole) return '';
    for (const a of dropAttrs) newAttrText = newAttrText.replace(a.text, () => '');
    if (newAttrText === attrText && newBody === body) return token;
    if (rawName !== undefined) return `<${rawName}${newAttrText}>${newBody ?? ''}</${rawName}>`;
    return token.replace(attrText, () => newAttrText);
  });
  return { html: out, findings };
}

/**
 * Lets the browser refuse anything that is not inline, data: or blob:, whatever asks for it. Chromium applies a
 * meta policy to file: pages and passes it on to the blob: iframes in which Allure shows HTML/markdown attachments.
 */
export const CSP =
  "default-src 'none'; script-src 'unsafe-inline' data: blob:; style-src 'unsafe-inline' data: blob:; img-src data: blob:; " +
  "font-src data:; media-src data: blob:; connect-src data: blob:; frame-src data: blob:; worker-src data: blob:; object-src 'none'; manifest-src 'none'";
const CSP_META = `<meta http-equiv="Content-Security-Policy" content="${CSP}">`;

function addCsp(html: string): string {
  // A meta policy only covers what comes after it: first thing in <head>, right after the charset declaration.
  const charset = /<meta\s+charset=["']?[\w-]+["']?\s*\/?>/i.exec(html);
  if (charset && charset.index < 1024) return html.slice(0, charset.index + charset[0].length) + CSP_META + html.slice(charset.index + charset[0].length);
  const head = /<head\b[^>]*>/i.exec(html);
  if (!head) throw new ReportError('the generated HTML has no <head>: cannot add the offline content security policy');
  return html.slice(0, head.index + head[0].length) + CSP_META + html.slice(head.index + head[0].length);
}

export function stripOutsideReferences(html: string): { html: string; removed: string[] } {
  const { html: cleaned, findings } = processHtml(html, false);
  return { html: addCsp(cleaned), removed: findings.filter((f) => f.removable).map((f) => f.what) };
}

/**
 * Every http(s)/ws(s) literal in Allure's app bundle, with the reason it loads nothing. A literal not listed here
 * fails the build: a new Allure version may have added a font, an API call or a tracker. Check what it does and, if
 * it only builds a link, add it with the reason.
 */
const BUNDLE_ALLOWED: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^http:\/\/www\.w3\.org\//, why: 'XML namespace names (SVG, XHTML, MathML, XLink), never fetched' },
  { pattern: /^https:\/\/localhost$/, why: 'fallback base for resolving data paths when the page has no <base>; the report adds one from its own location and reads data from the embedded map first' },
  { pattern: /^https?:\/\/(?:\$\{|$)/, why: 'markdown/linkify helpers that turn URLs in text into <a href> links' },
  { pattern: /^https:\/\/allurereport\.org\/?$/, why: '"Powered by" <a href> link' },
  { pattern: /^https:\/\/trace\.playwright\.dev\/?$/, why: "Playwright's online trace viewer, opened only when someone clicks a Playwright trace attachment (and then refused by the report's CSP)" },
];

function decodeDataUrl(url: string): string | undefined {
  const m = /^data:([^,]*),([\s\S]*)$/i.exec(url.trim());
  if (!m) return undefined;
  if (/;base64$/i.test(m[1]!)) return Buffer.from(m[2]!, 'base64').toString('utf8');
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return m[2]!;
  }
}

/** Markdown images (outside fenced and inline code) and HTML elements that load from outside. */
function scanMarkup(text: string, markdown: boolean): string[] {
  const found: string[] = [];
  let t = text;
  if (markdown) {
    t = t.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, '').replace(/`[^`\n]*`/g, '');
    for (const m of t.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)) if (urlOrigin(m[1]!) === 'outside') found.push(`markdown image ${short(m[1]!)}`);
    for (const m of t.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) if (urlOrigin(m[1]!) === 'outside' && t.includes('![')) found.push(`markdown image reference ${short(m[1]!)}`);
  }
  for (const f of processHtml(t, true).findings) if (f.origin === 'outside') found.push(f.what);
  return found;
}

/** Depth-first walk over parsed JSON, calling `visit` for each string under a key and each object. */
function walkJson(v: unknown, visit: (key: string, value: unknown) => void, key = ''): void {
  visit(key, v);
  if (Array.isArray(v)) v.forEach((x) => walkJson(x, visit, key));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkJson(x, visit, k);
}

/**
 * The static verification. Fatal: anything in the page, the app bundle or the embedded data that would load from
 * the network. Warnings: references to sibling files, Playwright traces (their viewer is online).
 */
export function scanForOutsideReferences(html: string): { fatal: string[]; warnings: string[] } {
  const fatal: string[] = [];
  const warnings: string[] = [];
  for (const f of processHtml(html, true).findings) (f.origin === 'outside' ? fatal : warnings).push(f.origin === 'outside' ? `page: ${f.what}` : `page: ${f.what} (a sibling file: the report is not self-contained)`);

  const csp = html.indexOf(CSP_META);
  const firstResource = html.search(/<(?:script|link|style|base)\b/i);
  if (csp < 0 || (firstResource >= 0 && firstResource < csp)) fatal.push('page: the offline Content-Security-Policy <meta> is missing or comes after the first script/style/link');

  for (const m of html.matchAll(TOKEN)) {
    const [token, rawName, rawAttrs, body] = m;
    if (token.startsWith('<!--') || rawName?.toLowerCase() !== 'script') continue;
    const src = parseAttrs(rawAttrs ?? '').find((a) => a.name === 'src')?.value;
    if (src !== undefined) {
      // Allure inlines its app as <script src="data:text/javascript;base64,…">: decode it and look inside.
      const decoded = urlOrigin(src) === 'inline' ? decodeDataUrl(decodeEntities(src)) : undefined;
      if (decoded === undefined) continue;
      const code = withoutBase64(decoded);
      if (ANALYTICS.test(code)) fatal.push(`app bundle: analytics code (${ANALYTICS.exec(code)![0]})`);
      const unknown = new Set<string>();
      for (const u of code.matchAll(/(?:https?|wss?):\/\/[^\s"'`)<>\\,]*/gi)) {
        if (!BUNDLE_ALLOWED.some((a) => a.pattern.test(u[0]))) unknown.add(u[0]);
      }
      // Protocol-relative host names in string literals ("//fonts.example.com/…") load over the network too.
      for (const u of code.matchAll(/["'`](\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}[^"'`\s]*)/gi)) unknown.add(u[1]!);
      for (const u of unknown) fatal.push(`app bundle: unreviewed outside reference ${short(u)} — check whether it loads; if it only builds a link, add it to BUNDLE_ALLOWED in scripts/report.ts`);
      continue;
    }
    // Embedded report data: d("path", "base64").
    for (const d of (body ?? '').matchAll(/\bd\("([^"]+)",\s*"([A-Za-z0-9+/=]*)"\)/g)) {
      const name = d[1]!;
      const text = Buffer.from(d[2]!, 'base64').toString('utf8');
      const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
      // Allure shows HTML and markdown attachments in iframes: an image or script there would load.
      if (ext === 'html' || ext === 'htm' || ext === 'xhtml' || ext === 'md' || ext === 'markdown') {
        for (const f of scanMarkup(text, ext === 'md' || ext === 'markdown')) fatal.push(`attachment ${name}: ${f}`);
      } else if (ext === 'json' && name.startsWith('data/test-results/')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          continue;
        }
        const title = (parsed as { fullName?: string; name?: string }).fullName ?? (parsed as { name?: string }).name ?? name;
        walkJson(parsed, (key, value) => {
          // Descriptions are rendered as markdown/HTML.
          if (/^description/i.test(key) && typeof value === 'string') for (const f of scanMarkup(value, true)) fatal.push(`test "${title}" ${key}: ${f}`);
          if (key === 'contentType' && value === 'application/vnd.allure.playwright-trace') warnings.push(`test "${title}" has a Playwright trace: Allure's "open trace" uses the online viewer at trace.playwright.dev, which this offline report refuses`);
        });
      }
    }
    // Any other inline script was already judged by processHtml (analytics, or loading APIs with an outside URL).
  }
  return { fatal, warnings: [...new Set(warnings)] };
}

// ---------------------------------------------------------------------------------------------------------------
// The build
// ---------------------------------------------------------------------------------------------------------------

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function checkResults(results: string): void {
  const hint = 'run `npx playwright test` first';
  if (!existsSync(results)) throw new ReportError(`no Allure results at ${results}: ${hint}`);
  if (!statSync(results).isDirectory()) throw new ReportError(`${results} is not a folder of Allure results: ${hint}`);
}

async function countResults(results: string): Promise<number> {
  return (await readdir(results)).filter((f) => f.endsWith('-result.json')).length;
}

/** Names an earlier Allure report folder may hold; anything else there means --output points at the wrong place. */
const REPORT_ENTRIES = /^(?:index\.html|summary\.json|test-results\.json|quality-gate\.json|.*manifest.*\.json|awesome|classic|allure2|dashboard|csv|log|data|widgets|history|export|.*\.(?:html|json|csv|txt))$/;

async function checkOutput(output: string, results: string): Promise<void> {
  for (const p of [resolve('/'), ROOT, homedir(), process.cwd()]) {
    if (resolve(p) === output) throw new ReportError(`refusing to use ${output} as the report folder (it is replaced as a whole): choose a folder of its own, e.g. reports/allure-report`);
  }
  if (isInside(results, output)) throw new ReportError(`the results folder ${results} is inside the report folder ${output}, which is replaced as a whole: choose another --output`);
  if (isInside(output, results)) throw new ReportError(`the report folder ${output} is inside the results folder ${results}: choose another --output`);
  if (!existsSync(output)) return;
  if (!(await stat(output)).isDirectory()) throw new ReportError(`${output} exists and is not a folder`);
  const entries = await readdir(output);
  const foreign = entries.filter((e) => !REPORT_ENTRIES.test(e));
  if (foreign.length) throw new ReportError(`${output} holds files that are not from an Allure report (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); it is replaced as a whole, so choose another --output or empty it`);
}

async function listExtras(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix + e.name;
    if (rel === 'index.html') continue;
    if (e.isDirectory()) {
      const inner = await listExtras(join(dir, e.name), `${rel}/`);
      out.push(`${rel}/ (${inner.length} entries)`);
    } else {
      out.push(`${rel} (${formatBytes((await stat(join(dir, e.name))).size)})`);
    }
  }
  return out;
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

export async function buildReport(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const defaults = defaultDirs();
  const results = resolve(opts.results ?? defaults.results);
  const output = resolve(opts.output ?? defaults.output);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  checkResults(results);
  const count = await countResults(results);
  if (count === 0) throw new ReportError(`the Allure results folder ${results} is empty (no *-result.json): run \`npx playwright test\` first`);
  await checkOutput(output, results);

  // Allure moves its plugin folder up to the output's top only when it is the sole folder there: with leftovers of
  // an earlier report the new one would land in <output>/awesome/ next to a stale index.html. Hence a fresh folder,
  // next to the output so that the final rename stays on one file system.
  await mkdir(dirname(output), { recursive: true });
  // Not mkdtemp: its 0700 mode would become the report folder's after the rename.
  const tmp = join(dirname(output), `.${basename(output)}-building-${process.pid}-${Date.now()}`);
  await mkdir(tmp);
  try {
    const allureSeconds = await runAllure(results, tmp, timeoutMs);
    const htmlPath = join(tmp, 'index.html');
    if (!existsSync(htmlPath)) {
      const produced = await listExtras(tmp);
      throw new ReportError(`allure generate wrote no index.html at the top of its output (it wrote: ${produced.join(', ') || 'nothing'}); allurerc.mjs should configure the awesome plugin alone, with singleFile: true`);
    }
    const { html, removed } = stripOutsideReferences(await readFile(htmlPath, 'utf8'));
    await writeFile(htmlPath, html);
    const { fatal, warnings } = scanForOutsideReferences(html);
    if (fatal.length) {
      // Kept out of the output (nobody should ship it) but available for a look.
      const rejected = `${output}-rejected`;
      await rm(rejected, { recursive: true, force: true });
      await rename(tmp, rejected);
      throw new ReportError(
        [`the cleaned report still references the network (${fatal.length}); it was NOT installed at ${output} and is kept at ${rejected}:`, ...fatal.map((f) => `  - ${f}`)].join('\n'),
      );
    }
    const extraFiles = await listExtras(tmp);
    if (extraFiles.some((e) => e.includes('/ ('))) {
      warnings.push(`the report is not a single file: Allure also wrote folders (${extraFiles.filter((e) => e.includes('/ (')).join(', ')}); check singleFile: true for the awesome plugin in allurerc.mjs`);
    }
    await rm(output, { recursive: true, force: true });
    await rename(tmp, output);
    const finalHtml = join(output, 'index.html');
    return {
      html: finalHtml,
      bytes: (await stat(finalHtml)).size,
      seconds: (performance.now() - started) / 1000,
      allureSeconds,
      removed,
      extraFiles,
      warnings,
    };
  } finally {
    if (existsSync(tmp)) await rm(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): BuildOptions {
  const opts: BuildOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ReportError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--results') opts.results = value();
    else if (flag === '--output') opts.output = value();
    else if (flag === '--timeout') {
      const s = Number(value());
      if (!Number.isFinite(s) || s <= 0) throw new ReportError('--timeout takes a number of seconds');
      opts.timeoutMs = s * 1000;
    } else if (flag === '--help' || flag === '-h') {
      console.log('usage: tsx scripts/report.ts [--results <dir>] [--output <dir>] [--timeout <seconds>]');
      process.exit(0);
    } else throw new ReportError(`unknown argument ${arg} (usage: tsx scripts/report.ts [--results <dir>] [--output <dir>] [--timeout <seconds>])`);
  }
  return opts;
}

async function main(): Promise<number> {
  // `npm run report | head` closes the pipe early; that is not a failure worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  try {
    const r = await buildReport(parseArgs(process.argv.slice(2)));
    console.log(`[report] ${r.html}`);
    console.log(`[report] ${(r.bytes / 1e6).toFixed(2)} MB, generated in ${r.seconds.toFixed(1)} s (allure generate ${r.allureSeconds.toFixed(1)} s)`);
    const scripts = r.removed.filter((x) => x.startsWith('inline analytics script')).length;
    const refs = r.removed.length - scripts;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    console.log(`[report] removed ${plural(refs, 'outside reference')}${scripts ? ` and ${plural(scripts, 'inline analytics script')}` : ''}${r.removed.length ? ':' : ''}`);
    for (const x of r.removed) console.log(`[report]   - ${x}`);
    console.log('[report] verified: nothing left that loads from the network; a Content-Security-Policy refuses anything else');
    if (r.extraFiles.length) console.log(`[report] also in the folder (not needed to view the report): ${r.extraFiles.join(', ')}`);
    for (const w of r.warnings) console.log(`[report] warning: ${w}`);
    return 0;
  } catch (e) {
    if (e instanceof ReportError) {
      console.error(e.message.replace(/^/gm, '[report] '));
    } else {
      console.error(`[report] unexpected failure: ${(e as Error).stack ?? String(e)}`);
    }
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
