/** Checks on how the AS's sign-in pages answer the browser, judged on the navigations the browser recorded. Pure. */
import { ConformanceFailure } from '../errors';
import type { RecordedNavigation } from '../http';
import { R } from '../requirements';

/**
 * Whether a request body carries `secret`: as a form value, or as written (JSON, or a body the harness cannot parse).
 * An empty secret is never found.
 */
export function bodyCarriesSecret(body: string | null | undefined, secret: string): boolean {
  if (!body || !secret) return false;
  if (body.includes(secret) || body.includes(encodeURIComponent(secret)) || body.includes(JSON.stringify(secret).slice(1, -1))) return true;
  return [...new URLSearchParams(body).values()].includes(secret);
}

/** The redirects that answered a POST while keeping its method and body (307, and 308 which RFC 9110 15.4.9 defines alike). */
export function bodyKeepingRedirects(navigations: readonly RecordedNavigation[]): RecordedNavigation[] {
  return navigations.filter((n) => n.method === 'POST' && (n.status === 307 || n.status === 308));
}

/**
 * FAPI 2.0 SP 5.3.2.2 (after RFC 9700 4.12): a request that carries user credentials is not redirected with HTTP 307,
 * since the browser would post them on, unchanged, to wherever the redirect points. Judged on the submissions that
 * carried the configured password.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.2
 */
export function ensureNo307WithCredentials(navigations: readonly RecordedNavigation[]): void {
  const offending = navigations.find((n) => n.method === 'POST' && n.carriedPassword && n.status === 307);
  if (offending) {
    throw new ConformanceFailure(
      R.fapi2No307WithCredentials,
      'no HTTP 307 in answer to the posted sign-in form, which carried the password (5.3.2.2 recommends 303 for redirects)',
      `HTTP 307 to POST ${offending.url.split('?')[0]}${offending.location ? `, Location ${offending.location.split('?')[0]}: the browser posts the password on there` : ''}`,
    );
  }
}

/** The origin of a recorded URL, or undefined when it is not a URL. */
function originOf(url: string): string | undefined {
  return URL.parse(url)?.origin;
}

/**
 * The redirects by which the AS (an answer from one of `asOrigins`) sent the browser on from a form submission with
 * another status code than 303. A redirect that answered a GET is not counted: every redirect status leads the browser
 * to the same bodiless GET there, so the code chosen changes nothing the rule guards against (RFC 9700 4.12 names the
 * posted body). A 307 to a submission that carried the password is left out too: that breaks the MUST of
 * `ensureNo307WithCredentials`, and is judged there.
 */
export function formRedirectsNotSeeOther(navigations: readonly RecordedNavigation[], asOrigins: readonly string[]): RecordedNavigation[] {
  return navigations.filter(
    (n) =>
      n.method !== 'GET' &&
      n.method !== 'HEAD' &&
      n.status >= 300 &&
      n.status < 400 &&
      n.status !== 303 &&
      n.status !== 304 &&
      n.location !== undefined &&
      asOrigins.includes(originOf(n.url) ?? '') &&
      !(n.status === 307 && n.carriedPassword),
  );
}

/**
 * FAPI 2.0 SP 5.3.2.2: when the AS redirects the user agent by status code, it should use 303 (See Other), which turns
 * the browser's next request into a GET without the submitted body; 302 leaves the method to the browser (RFC 9110
 * 15.4.3), 307 and 308 keep it. Judged on the AS's answers to the browser's form submissions; a SHOULD, so the caller
 * reports it as a warning.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.2
 */
export function ensureFormRedirectsSeeOther(navigations: readonly RecordedNavigation[], asOrigins: readonly string[]): void {
  const offending = formRedirectsNotSeeOther(navigations, asOrigins);
  if (offending.length) {
    throw new ConformanceFailure(
      R.fapi2SeeOtherRedirects,
      'HTTP 303 whenever the AS redirects the browser from a submitted form',
      offending.map((n) => `HTTP ${n.status} to ${n.method} ${n.url.split('?')[0]}${n.location ? `, Location ${n.location.split('?')[0]}` : ''}`).join('; '),
    );
  }
}
