/**
 * Step 4 of `npm run report`: a static scan of the cleaned report (the page, Allure's app bundle, the embedded report
 * data) for anything that would still load from the network.
 */
import { ANALYTICS, CSP_META, decodeEntities, parseAttrs, processHtml, short, TOKEN, urlOrigin, withoutBase64 } from './clean-html';

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
      for (const u of unknown) fatal.push(`app bundle: unreviewed outside reference ${short(u)} — check whether it loads; if it only builds a link, add it to BUNDLE_ALLOWED in scripts/report/scan.ts`);
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
