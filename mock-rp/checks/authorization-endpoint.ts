/** Checks on the authorization endpoint's direct answers (no browser): redirects and CORS. Pure: no I/O. */

/** Whether a URL points at `target`: same origin and path (the query, where an error would go, aside). */
function sameEndpoint(url: string, target: URL, base: string): boolean {
  const u = URL.parse(url, base);
  return !!u && u.origin === target.origin && u.pathname === target.pathname;
}

/**
 * How the answer would send the user agent to `target`, if it would: a 3xx Location, a meta refresh, or a form that
 * posts there (response_mode=form_post). An error page that merely names the URI in its text does not count.
 */
export function redirectionTo(answer: { status: number; headers: Readonly<Record<string, string>>; body: string }, target: string, requestUrl: string): string | undefined {
  const to = new URL(target);
  const location = answer.headers.location;
  if (answer.status >= 300 && answer.status < 400 && location && sameEndpoint(location, to, requestUrl)) return `HTTP ${answer.status} with Location ${location.split('?')[0]}`;
  for (const m of answer.body.matchAll(/<form\b[^>]*\baction\s*=\s*["']?([^"'\s>]+)/gi)) {
    if (sameEndpoint(decodeEntities(m[1]!), to, requestUrl)) return `HTTP ${answer.status} with a form posting to ${m[1]}`;
  }
  for (const m of answer.body.matchAll(/<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["'][^"']*url\s*=\s*([^"'\s>]+)/gi)) {
    if (sameEndpoint(decodeEntities(m[1]!), to, requestUrl)) return `HTTP ${answer.status} with a refresh to ${m[1]}`;
  }
  return undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#47;/g, '/').replace(/&quot;/g, '"');
}

/**
 * FAPI 2.0 SP 5.2.3: no CORS at the authorization endpoint. The answer must not grant `origin` (itself, or any origin
 * through `*`) read access.
 */
export function checkNoCorsGrant(headers: Readonly<Record<string, string>>, origin: string): string | undefined {
  const allowed = headers['access-control-allow-origin']?.trim();
  if (allowed === undefined) return undefined;
  if (allowed === '*' || allowed.toLowerCase() === origin.toLowerCase()) return `Access-Control-Allow-Origin: ${allowed}`;
  return undefined;
}
