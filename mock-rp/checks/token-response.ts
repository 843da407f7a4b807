import { decodeJwt } from 'jose';
import { ConformanceFailure, requireThat } from '../errors';
import type { HttpExchange } from '../http';
import { R } from '../requirements';
import { excerpt } from './jwt';

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  [k: string]: unknown;
}

/**
 * A successful token response (RFC 6749 5.1) for a sender-constrained client: 200, JSON, an access token, the
 * token_type that the binding requires (`DPoP` per RFC 9449 5, `Bearer` with mTLS per RFC 8705 3), a positive
 * expires_in; when the access token is a JWT, its `cnf` names the binding.
 */
export function ensureTokenResponse(
  exchange: HttpExchange,
  exp: { binding: 'mtls' | 'dpop'; dpopJkt?: string; certificateThumbprint?: string },
): TokenResponse {
  const { status, json, body, headers } = exchange.response;
  if (status !== 200) {
    throw new ConformanceFailure(R.rfc6749TokenResponse, `HTTP 200 with an access token from ${exchange.label} ${exchange.request.url.split('?')[0]}`, `HTTP ${status}: ${excerpt(body, headers['content-type'], 300)}`);
  }
  if (!json || typeof json !== 'object') {
    throw new ConformanceFailure(R.rfc6749TokenResponse, `a JSON object (application/json) from ${exchange.label} ${exchange.request.url.split('?')[0]}`, `${headers['content-type'] ?? 'no content-type'}: ${excerpt(body, headers['content-type'], 120)}`);
  }
  // RFC 6749 5.1: the parameters travel "using the application/json media type".
  requireThat(/^application\/json\s*(;|$)/i.test(headers['content-type'] ?? ''), R.rfc6749TokenResponse, `the token response from ${exchange.label} ${exchange.request.url.split('?')[0]} with content type application/json`, () => `content type ${headers['content-type'] ?? '(none)'}`);
  const t = json as TokenResponse;
  requireThat(typeof t.access_token === 'string' && t.access_token.length > 0, R.rfc6749TokenResponse, 'an access_token', () => 'none');
  requireThat(typeof t.token_type === 'string', R.rfc6749TokenResponse, 'a token_type', () => 'none');
  if (exp.binding === 'dpop') {
    requireThat(t.token_type.toLowerCase() === 'dpop', R.rfc9449TokenRequest, 'token_type DPoP', () => `token_type ${t.token_type}`);
  } else {
    requireThat(t.token_type.toLowerCase() === 'bearer', R.rfc8705BoundTokens, 'token_type Bearer (bound through the certificate)', () => `token_type ${t.token_type}`);
  }
  if (t.expires_in !== undefined) {
    requireThat(typeof t.expires_in === 'number' && t.expires_in > 0, R.rfc6749TokenResponse, 'expires_in a positive number', () => `expires_in ${JSON.stringify(t.expires_in)}`);
  }
  const cnf = accessTokenCnf(t.access_token);
  if (cnf) {
    if (exp.binding === 'dpop' && exp.dpopJkt) {
      requireThat(cnf.jkt === exp.dpopJkt, R.rfc9449Resource, `cnf.jkt ${exp.dpopJkt}`, () => `cnf ${JSON.stringify(cnf)}`);
    }
    if (exp.binding === 'mtls' && exp.certificateThumbprint) {
      requireThat(cnf['x5t#S256'] === exp.certificateThumbprint, R.rfc8705Cnf, `cnf.x5t#S256 ${exp.certificateThumbprint}`, () => `cnf ${JSON.stringify(cnf)}`);
    }
  }
  return t;
}

/** The `cnf` claim of a JWT access token, or undefined for an opaque one (its binding is then proven at the resource). */
export function accessTokenCnf(accessToken: string): Record<string, string> | undefined {
  if (accessToken.split('.').length !== 3) return undefined;
  try {
    const cnf = decodeJwt(accessToken).cnf;
    return cnf && typeof cnf === 'object' ? (cnf as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The requested scope values a granted scope lacks (RFC 6749 3.3: space-delimited, order and repetition carry no
 * meaning). Used with the scope an introspection response (RFC 7662 2.2) names for the issued token.
 */
export function scopeValuesMissing(requested: string, granted: string): string[] {
  const have = new Set(granted.split(' ').filter(Boolean));
  return [...new Set(requested.split(' ').filter(Boolean))].filter((v) => !have.has(v));
}
