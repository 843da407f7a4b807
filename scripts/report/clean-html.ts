/**
 * Steps 2 and 3 of `npm run report`: the outside references are removed from the generated HTML, and a
 * Content-Security-Policy is put first in <head>.
 */
import { ReportError } from './errors';

/** Where a URL would load from: nothing (inline data), this machine (a sibling file), or the network. */
type Origin = 'inline' | 'local' | 'outside';

const NAMED_ENTITIES: Record<string, string> = { amp: '&', colon: ':', sol: '/', quot: '"', apos: "'", lt: '<', gt: '>', period: '.', tab: '\t', newline: '\n' };

export function decodeEntities(s: string): string {
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
export const ANALYTICS = /googletagmanager\.com|google-analytics\.com|\bgtag\s*\(|\bdataLayer\b|GoogleAnalyticsObject|\b_gaq\b|mc\.yandex\.ru|clarity\.ms|hotjar\.com|plausible\.io|\bsegment\.(?:com|io)\b|mixpanel\.com|amplitude\.com|posthog\.com|\b_paq\b/;
/** Long base64 runs (Allure's embedded data, inlined fonts) say nothing about what a script loads: left out of the tests. */
export const withoutBase64 = (code: string) => code.replace(/[A-Za-z0-9+/=]{100,}/g, '');
/** An absolute or protocol-relative URL inside quotes, in script text. */
const QUOTED_URL = /["'`]((?:https?:|wss?:)?\/\/[^"'`\s]+)/gi;
/** Script APIs that load what they are given. */
const LOADS = /\b(?:createElement|appendChild|insertBefore|fetch\s*\(|XMLHttpRequest|sendBeacon|importScripts|import\s*\(|WebSocket|EventSource|document\.write|innerHTML|insertAdjacentHTML|Image\s*\(|location\s*=|location\.(?:href|assign|replace))|\.src\s*=|\.href\s*=/;

const ATTRS = String.raw`(?:[\s/]+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*`;
/** Comments, raw-text elements (script/style, content kept whole) and start tags. Good enough for generated HTML. */
export const TOKEN = new RegExp(String.raw`<!--[\s\S]*?-->|<(script|style)\b(${ATTRS})[\s/]*>([\s\S]*?)</\1\s*>|<([a-zA-Z][\w:.-]*)(${ATTRS})[\s/]*>`, 'gi');
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

interface Attr {
  name: string;
  value: string | undefined;
  /** The attribute's text inside the tag, to cut it out. */
  text: string;
}

export function parseAttrs(s: string): Attr[] {
  const out: Attr[] = [];
  for (const m of s.matchAll(ATTR)) out.push({ name: m[1]!.toLowerCase(), value: m[2] ?? m[3] ?? m[4], text: m[0] });
  return out;
}

export const short = (u: string) => (u.length > 120 ? `${u.slice(0, 117)}…` : u);

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
export const CSP_META = `<meta http-equiv="Content-Security-Policy" content="${CSP}">`;

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
