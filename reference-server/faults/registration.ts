/**
 * The FAPI registration policy of the reference server, in front of oidc-provider's RFC 7591 / 7592 endpoints.
 *
 * oidc-provider already refuses some non-FAPI registrations on its own (secret methods and RS256 are simply not
 * enabled, and it refuses jwks together with jwks_uri), but not all of them (an http redirect URI is fine for a web
 * client using the code flow), and nothing about its refusals can be relaxed one rule at a time. This layer checks
 * every rule first, answers a violation itself (RFC 7591 3.2.2), and under a named fault lets that one violation
 * through, turning the request into one oidc-provider registers, so that the client sees an AS that accepted it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MemoryStore } from '../adapter';
import { readBody, replay } from '../body';

export const REGISTRATION_PATH = '/reg';

export type RegistrationFault =
  | 'dcr-accept-client-secret'
  | 'dcr-accept-public-client'
  | 'dcr-accept-non-fapi-alg'
  | 'dcr-accept-http-redirect-uri'
  | 'dcr-accept-missing-keys'
  | 'dcr-accept-jwks-and-jwks-uri'
  | 'dcr-management-without-token';

export const REGISTRATION_FAULTS: Record<RegistrationFault, string> = {
  'dcr-accept-client-secret': 'dynamic registration accepts token_endpoint_auth_method client_secret_basic / client_secret_post / client_secret_jwt',
  'dcr-accept-public-client': 'dynamic registration accepts token_endpoint_auth_method none (a public client)',
  'dcr-accept-non-fapi-alg': 'dynamic registration accepts signing algorithms FAPI forbids (RS256, none, …)',
  'dcr-accept-http-redirect-uri': 'dynamic registration accepts http: redirect URIs',
  'dcr-accept-missing-keys': 'dynamic registration accepts a client that must sign (private_key_jwt, signed request objects) without jwks or jwks_uri',
  'dcr-accept-jwks-and-jwks-uri': 'dynamic registration accepts jwks and jwks_uri together',
  'dcr-management-without-token': 'the client configuration endpoint (RFC 7592) serves reads, updates and deletes without the registration access token',
};

const SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);
const ALG_MEMBERS = [
  'token_endpoint_auth_signing_alg',
  'id_token_signed_response_alg',
  'request_object_signing_alg',
  'authorization_signed_response_alg',
  'userinfo_signed_response_alg',
  'introspection_signed_response_alg',
];

interface Violation {
  fault: RegistrationFault;
  error: 'invalid_client_metadata' | 'invalid_redirect_uri';
  description: string;
  /** Makes the request acceptable to oidc-provider, as an AS without this check would have taken it. */
  relax(body: Record<string, unknown>): void;
}

export interface RegistrationGuardOptions {
  relaxed: ReadonlySet<string>;
  store: MemoryStore;
  signingAlgs: readonly string[];
  defaultAuthMethod: string;
}

function violations(body: Record<string, unknown>, opts: RegistrationGuardOptions): Violation[] {
  const found: Violation[] = [];
  const method = typeof body.token_endpoint_auth_method === 'string' ? body.token_endpoint_auth_method : opts.defaultAuthMethod;
  const dropMethod = (b: Record<string, unknown>) => {
    delete b.token_endpoint_auth_method;
    delete b.token_endpoint_auth_signing_alg;
  };
  if (SECRET_METHODS.has(method)) {
    found.push({ fault: 'dcr-accept-client-secret', error: 'invalid_client_metadata', description: `token_endpoint_auth_method ${method} is not allowed: FAPI clients authenticate with private_key_jwt or tls_client_auth`, relax: dropMethod });
  } else if (method === 'none') {
    found.push({ fault: 'dcr-accept-public-client', error: 'invalid_client_metadata', description: 'token_endpoint_auth_method none is not allowed: FAPI serves confidential clients only', relax: dropMethod });
  }
  // Anything else unsupported (e.g. self_signed_tls_client_auth here) is oidc-provider's to refuse; no fault relaxes it.
  const badAlgs = ALG_MEMBERS.filter((m) => body[m] !== undefined && !opts.signingAlgs.includes(String(body[m])));
  if (badAlgs.length) {
    found.push({
      fault: 'dcr-accept-non-fapi-alg',
      error: 'invalid_client_metadata',
      description: `${badAlgs.map((m) => `${m} ${String(body[m])}`).join(', ')} not allowed: FAPI allows ${opts.signingAlgs.join(', ')}`,
      relax: (b) => badAlgs.forEach((m) => delete b[m]),
    });
  }
  const uris = Array.isArray(body.redirect_uris) ? body.redirect_uris : [];
  const plain = uris.filter((u) => typeof u === 'string' && URL.canParse(u) && new URL(u).protocol !== 'https:');
  if (plain.length) {
    found.push({ fault: 'dcr-accept-http-redirect-uri', error: 'invalid_redirect_uri', description: `redirect URIs must use https: ${plain.join(', ')}`, relax: () => undefined });
  }
  const hasKeys = body.jwks !== undefined || body.jwks_uri !== undefined;
  const signs = method === 'private_key_jwt' || body.request_object_signing_alg !== undefined;
  if (signs && !hasKeys) {
    found.push({
      fault: 'dcr-accept-missing-keys',
      error: 'invalid_client_metadata',
      description: 'jwks or jwks_uri is required: the client signs client assertions or request objects',
      // An empty key set satisfies oidc-provider's presence check; the client then simply cannot authenticate.
      relax: (b) => {
        b.jwks = { keys: [] };
      },
    });
  }
  if (body.jwks !== undefined && body.jwks_uri !== undefined) {
    found.push({ fault: 'dcr-accept-jwks-and-jwks-uri', error: 'invalid_client_metadata', description: 'jwks and jwks_uri must not both be present (RFC 7591 section 2)', relax: (b) => delete b.jwks_uri });
  }
  return found;
}

function answer(res: ServerResponse, status: number, body: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Returns the request to hand to oidc-provider (possibly rewritten), or undefined when the guard answered itself.
 */
export function createRegistrationGuard(opts: RegistrationGuardOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<IncomingMessage | undefined> {
  return async (req, res, url) => {
    const management = url.pathname.startsWith(`${REGISTRATION_PATH}/`);
    if (url.pathname !== REGISTRATION_PATH && !management) return req;

    if (management && opts.relaxed.has('dcr-management-without-token')) {
      // The fault: whoever calls acts with the client's own registration access token.
      const clientId = decodeURIComponent(url.pathname.slice(REGISTRATION_PATH.length + 1));
      const token = opts.store.findId('RegistrationAccessToken', (p) => p.clientId === clientId);
      if (token) req.headers.authorization = `Bearer ${token}`;
    }

    const isWrite = (req.method === 'POST' && !management) || (req.method === 'PUT' && management);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!isWrite || type !== 'application/json') return req;

    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return replay(req, raw); // oidc-provider answers malformed JSON itself
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return replay(req, raw);
    const metadata = body as Record<string, unknown>;

    const found = violations(metadata, opts);
    const enforced = found.find((v) => !opts.relaxed.has(v.fault));
    if (enforced) {
      answer(res, 400, { error: enforced.error, error_description: enforced.description });
      return undefined;
    }
    if (!found.length) return replay(req, raw);
    for (const v of found) v.relax(metadata);
    return replay(req, Buffer.from(JSON.stringify(metadata), 'utf8'));
  };
}
