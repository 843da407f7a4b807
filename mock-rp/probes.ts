/**
 * Requests the mock RP sends only to probe a server's checks: an access token altered in place, a token revoked at the
 * AS's revocation endpoint (RFC 7009), a token introspected (RFC 7662). Send only; the tests judge.
 */
import { clientAuthentication } from './client-auth';
import type { HttpExchange } from './http';
import type { RelyingParty } from './rp';

/** The next character of the same class (digit, a-f, g-z, A-F, G-Z), so that hexadecimal stays hexadecimal. */
function rotate(c: string): string | undefined {
  const classes = ['0123456789', 'abcdef', 'ghijklmnopqrstuvwxyz', 'ABCDEF', 'GHIJKLMNOPQRSTUVWXYZ'];
  for (const cls of classes) {
    const i = cls.indexOf(c);
    if (i >= 0) return cls[(i + 1) % cls.length];
  }
  return undefined;
}

/**
 * The token with one character changed where every bit counts: in the middle of the signature of a JWS (of the
 * ciphertext of a JWE), else three quarters into an opaque value (past any prefix a truncated comparison would keep).
 * Never the last character of a base64url part, whose low bits may be padding.
 */
export function alterToken(token: string): string {
  const parts = token.split('.');
  let start = 0;
  let end = token.length;
  if (parts.length === 3 || parts.length === 5) {
    const part = parts.length === 3 ? 2 : 3;
    start = parts.slice(0, part).join('.').length + 1;
    end = start + parts[part]!.length;
  }
  const length = end - start;
  const preferred = parts.length === 3 || parts.length === 5 ? start + Math.floor(length / 2) : start + Math.floor((length * 3) / 4);
  // Nearest alphanumeric character, not the last one of its part.
  for (let d = 0; d < length; d += 1) {
    for (const i of [preferred + d, preferred - d]) {
      if (i < start || i >= end - 1) continue;
      const replaced = rotate(token[i]!);
      if (replaced) return token.slice(0, i) + replaced + token.slice(i + 1);
    }
  }
  throw new Error(`[harness] the access token has no character that can be altered (length ${token.length})`);
}

/** An endpoint discovery names (its mTLS alias when the client presents a certificate), if it names one. */
function aliasedEndpoint(rp: RelyingParty, name: 'revocation_endpoint' | 'introspection_endpoint'): string | undefined {
  const alias = rp.usesCertificate ? rp.metadata.mtls_endpoint_aliases?.[name] : undefined;
  const plain = rp.metadata.raw[name];
  return alias ?? (typeof plain === 'string' ? plain : undefined);
}

/** A request about an access token (RFC 7009 2.1, RFC 7662 2.1), authenticated as at the token endpoint. */
async function postAboutToken(rp: RelyingParty, endpoint: string, token: string, label: string, headers: Record<string, string> = {}): Promise<HttpExchange> {
  const auth = await clientAuthentication(rp.client, rp.issuer);
  return rp.http.send({
    method: 'POST',
    url: endpoint,
    form: { token, token_type_hint: 'access_token', ...auth.form },
    headers: { ...headers, ...auth.headers },
    identity: rp.identity,
    label,
  });
}

/** The AS's revocation endpoint (its mTLS alias when the client presents a certificate), if discovery names one. */
export const revocationEndpoint = (rp: RelyingParty) => aliasedEndpoint(rp, 'revocation_endpoint');

/** RFC 7009 2.1: asks the AS to revoke an access token. */
export const revokeAccessToken = (rp: RelyingParty, endpoint: string, token: string) => postAboutToken(rp, endpoint, token, 'revocation');

/** The AS's introspection endpoint (its mTLS alias when the client presents a certificate), if discovery names one. */
export const introspectionEndpoint = (rp: RelyingParty) => aliasedEndpoint(rp, 'introspection_endpoint');

/** RFC 7662 2.1: asks the AS about an access token. */
export const introspectAccessToken = (rp: RelyingParty, endpoint: string, token: string) => postAboutToken(rp, endpoint, token, 'introspection', { accept: 'application/json' });

/** A GET of the authorization endpoint as a browser would send it (no client certificate), redirects not followed. */
export async function getAuthorizationEndpoint(rp: RelyingParty, params: Record<string, string>, headers: Record<string, string> = {}, label = 'authorization endpoint (direct)'): Promise<HttpExchange> {
  const url = new URL(rp.metadata.authorization_endpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return rp.http.send({ method: 'GET', url: url.href, headers: { accept: 'text/html', ...headers }, label });
}

/** A CORS preflight (Fetch standard) of the authorization endpoint from `origin`. */
export async function preflightAuthorizationEndpoint(rp: RelyingParty, origin: string): Promise<HttpExchange> {
  return rp.http.send({
    method: 'OPTIONS',
    url: rp.metadata.authorization_endpoint,
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    label: 'authorization endpoint (CORS preflight)',
  });
}
