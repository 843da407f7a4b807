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
