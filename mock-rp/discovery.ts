import type { JSONWebKeySet } from 'jose';
import { HarnessError } from './errors';
import type { HttpClient, HttpExchange } from './http';
import { excerpt } from './checks/jwt';

/** The parts of the AS's metadata (RFC 8414 / OIDC Discovery) the harness uses; `raw` keeps the rest for tests. */
export interface AsMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  pushed_authorization_request_endpoint?: string;
  userinfo_endpoint?: string;
  mtls_endpoint_aliases?: Record<string, string>;
  raw: Record<string, unknown>;
  /** The discovery response's content type (RFC 8414 3.2 asks for application/json). */
  contentType?: string;
}

export type EndpointName = 'authorization_endpoint' | 'token_endpoint' | 'pushed_authorization_request_endpoint' | 'userinfo_endpoint';

/** Fetches and sanity-checks the discovery document. Anything that stops the harness from working is a HarnessError:
 * without metadata no verdict is possible. */
export async function fetchDiscovery(http: HttpClient, issuer: string): Promise<{ metadata: AsMetadata; exchange: HttpExchange }> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const exchange = await http.send({ method: 'GET', url, label: 'discovery' });
  const { status, json, body } = exchange.response;
  if (status !== 200 || !json || typeof json !== 'object') {
    throw new HarnessError(`discovery ${url} answered HTTP ${status}: ${excerpt(body, exchange.response.headers['content-type'])}`, {
      endpoint: url,
      hint: 'check the issuer URL: the harness reads <issuer>/.well-known/openid-configuration',
    });
  }
  const raw = json as Record<string, unknown>;
  if (raw.issuer !== issuer) {
    throw new HarnessError(`discovery ${url} names issuer ${JSON.stringify(raw.issuer)}, not the configured ${issuer}`, {
      endpoint: url,
      hint: 'set the configured issuer to exactly the value the AS publishes (RFC 8414 3.3)',
    });
  }
  for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof raw[field] !== 'string') throw new HarnessError(`discovery ${url} has no ${field}`, { endpoint: url });
  }
  const contentType = exchange.response.headers['content-type'];
  return { metadata: { ...(raw as Omit<AsMetadata, 'raw'>), raw, ...(contentType ? { contentType } : {}) }, exchange };
}

/** The AS's keys; `unusable` says why there are none when the AS answered something that is not a JWK Set. */
export interface AsKeySet extends JSONWebKeySet {
  unusable?: string;
}

/**
 * Reads the AS's JWK Set. A network failure is a HarnessError (nothing can be judged); an answer that is not a JWK Set
 * is the AS's fault, but only the checks that need its keys can say so: they get an empty set that names the problem
 * (see ensureSignedByAs), and the tests that need no key still run.
 */
export async function fetchJwks(http: HttpClient, jwksUri: string): Promise<AsKeySet> {
  const exchange = await http.send({ method: 'GET', url: jwksUri, label: 'jwks_uri' });
  const json = exchange.response.json as JSONWebKeySet | undefined;
  if (exchange.response.status !== 200 || !json || !Array.isArray(json.keys)) {
    return { keys: [], unusable: `jwks_uri ${jwksUri} answered HTTP ${exchange.response.status} ${exchange.response.headers['content-type'] ?? '(no content type)'}: ${excerpt(exchange.response.body, exchange.response.headers['content-type'])}` };
  }
  return json;
}

/** RFC 8705 5: a client that authenticates or binds tokens with its certificate uses the mTLS aliases when published. */
export function endpointFor(metadata: AsMetadata, name: EndpointName, mtls: boolean): string | undefined {
  const alias = mtls ? metadata.mtls_endpoint_aliases?.[name] : undefined;
  return alias ?? (metadata[name] as string | undefined);
}
