/**
 * Dynamic Client Registration (RFC 7591) and its management protocol (RFC 7592), as the mock RP speaks them: the
 * metadata a FAPI client of a given variant registers, and the four calls (register, read, update, delete). The
 * calls return what the AS answered; judging it is the caller's business (a registration the AS refuses is a verdict
 * in the DCR scenarios and a set-up failure when the harness registers its own clients).
 */
import { X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';
import { signingAlgsFor } from './algorithms';
import { HarnessError } from './errors';
import type { HttpClient, HttpExchange, TlsIdentity } from './http';
import type { Variant } from './rp';

export interface RegistrationKeys {
  /** The public signing key registered by value in `jwks`. */
  publicJwk: JWK;
  alg: string;
  /** The client certificate, PEM; its subject becomes tls_client_auth_subject_dn. */
  certificatePem: string;
}

/** Picks the algorithm the client asks the AS to sign with: the first one of its profile that the AS advertises. */
function asSigningAlg(advertised: unknown, profile: Variant['profile']): string {
  const list = Array.isArray(advertised) ? (advertised as string[]) : [];
  return signingAlgsFor(profile).find((a) => list.includes(a)) ?? 'PS256';
}

/**
 * The registration request of a FAPI client of this variant: confidential, authenticating as the variant says,
 * signing with FAPI algorithms only, asking for sender-constrained tokens, with its keys by value and an https
 * redirect URI. `extra` (from the target configuration) adds or overrides members an AS needs beyond the standards.
 */
export function fapiClientMetadata(opts: {
  variant: Variant;
  keys: RegistrationKeys;
  redirectUri: string;
  scope: string;
  clientName: string;
  asMetadata: Record<string, unknown>;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const { variant, keys } = opts;
  const signsRequests = variant.requestMethod !== 'par';
  const metadata: Record<string, unknown> = {
    client_name: opts.clientName,
    application_type: 'web',
    redirect_uris: [opts.redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    scope: opts.scope,
    token_endpoint_auth_method: variant.clientAuth,
    ...(variant.clientAuth === 'private_key_jwt' ? { token_endpoint_auth_signing_alg: keys.alg } : {}),
    ...(variant.clientAuth === 'tls_client_auth' ? { tls_client_auth_subject_dn: subjectDn(keys.certificatePem) } : {}),
    jwks: { keys: [keys.publicJwk] },
    ...(signsRequests ? { request_object_signing_alg: keys.alg } : {}),
    id_token_signed_response_alg: asSigningAlg(opts.asMetadata.id_token_signing_alg_values_supported, variant.profile),
    ...(variant.responseMode === 'jwt' ? { authorization_signed_response_alg: asSigningAlg(opts.asMetadata.authorization_signing_alg_values_supported, variant.profile) } : {}),
    ...(variant.senderConstraint === 'mtls' ? { tls_client_certificate_bound_access_tokens: true } : { dpop_bound_access_tokens: true }),
  };
  return { ...metadata, ...(opts.extra ?? {}) };
}

/**
 * RFC 4514 string of a certificate's subject (most specific RDN first), the form tls_client_auth_subject_dn takes
 * (RFC 8705 2.1.2). Node lists the RDNs in encoding order, one per line.
 */
export function subjectDn(certificatePem: string): string {
  let subject: string;
  try {
    subject = new X509Certificate(certificatePem).subject;
  } catch (cause) {
    throw new HarnessError(`cannot read the client certificate to derive tls_client_auth_subject_dn: ${(cause as Error).message}`, { cause });
  }
  const escape = (v: string) =>
    v
      .replace(/[\\,+"<>;]/g, (c) => `\\${c}`)
      .replace(/^[ #]/, (c) => `\\${c}`)
      .replace(/ $/, '\\ ');
  return subject
    .split('\n')
    .filter(Boolean)
    .reverse()
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      return `${rdn.slice(0, eq)}=${escape(rdn.slice(eq + 1))}`;
    })
    .join(',');
}

/** RFC 7591 3.2.2 error codes that say "this metadata is not acceptable". */
export const REGISTRATION_REFUSALS = ['invalid_client_metadata', 'invalid_redirect_uri', 'invalid_software_statement', 'unapproved_software_statement'];

/**
 * Whether a 401/403 answer to a registration request still shows that the AS judged the metadata: it names an RFC 7591
 * 3.2.2 refusal code, as error or as error_description. Keycloak 26 answers a registration its client policies refuse
 * with HTTP 403 {"error":"insufficient_scope","error_description":"invalid_client_metadata"}: a refusal of the metadata
 * in the wrong form, not a rejected initial access token. Without such a code a 401/403 says nothing about the
 * metadata (the initial access token or software statement was refused).
 */
export function refusalNamesMetadata(status: number, body: unknown): boolean {
  if (status !== 401 && status !== 403) return false;
  const obj = (body ?? {}) as Record<string, unknown>;
  // Keycloak names invalid_request for a refused algorithm: still an answer about the metadata, not about the token.
  const judged = [...REGISTRATION_REFUSALS, 'invalid_request'];
  return [obj.error, obj.error_description].some((v) => typeof v === 'string' && judged.includes(v.trim()));
}

/** What the AS answered to a registration request. */
export interface RegistrationResult {
  exchange: HttpExchange;
  status: number;
  /** The parsed JSON body, when there is one. */
  body: Record<string, unknown> | undefined;
  /** Set when the AS registered a client (HTTP 201 with a client_id). */
  registered?: RegisteredClient;
}

/** A client the AS registered, with what RFC 7592 management needs. */
export interface RegisteredClient {
  clientId: string;
  metadata: Record<string, unknown>;
  registrationClientUri?: string;
  registrationAccessToken?: string;
}

export interface RegistrationCredentials {
  /** RFC 7591 3: the initial access token, sent as a bearer token when the AS requires one. */
  initialAccessToken?: string;
  /** RFC 7591 2.3: a software statement added to every registration request. */
  softwareStatement?: string;
}

/** The RFC 7591 / 7592 calls. Every request has the HttpClient's deadline and lands (redacted) in the evidence. */
export class Registrar {
  constructor(
    private readonly http: HttpClient,
    readonly endpoint: string,
    private readonly credentials: RegistrationCredentials = {},
    /** Registration and management are sent with this TLS identity (ASes that require mTLS at registration). */
    private readonly identity?: TlsIdentity,
  ) {}

  async register(metadata: Record<string, unknown>, opts: { label?: string } = {}): Promise<RegistrationResult> {
    const body = { ...metadata, ...(this.credentials.softwareStatement ? { software_statement: this.credentials.softwareStatement } : {}) };
    const exchange = await this.http.send({
      label: opts.label ?? 'registration',
      method: 'POST',
      url: this.endpoint,
      headers: {
        'content-type': 'application/json',
        ...(this.credentials.initialAccessToken ? { authorization: `Bearer ${this.credentials.initialAccessToken}` } : {}),
      },
      body: JSON.stringify(body),
      ...(this.identity ? { identity: this.identity } : {}),
    });
    const json = asObject(exchange.response.json);
    const result: RegistrationResult = { exchange, status: exchange.response.status, body: json };
    if (exchange.response.status === 201 && json && typeof json.client_id === 'string' && json.client_id) {
      result.registered = {
        clientId: json.client_id,
        metadata: json,
        ...(typeof json.registration_client_uri === 'string' ? { registrationClientUri: json.registration_client_uri } : {}),
        ...(typeof json.registration_access_token === 'string' ? { registrationAccessToken: json.registration_access_token } : {}),
      };
    }
    return result;
  }

  /** RFC 7592 2.1. `token: null` sends no Authorization header; a string sends that token instead of the client's. */
  read(client: RegisteredClient, token?: string | null): Promise<HttpExchange> {
    return this.#manage(client, 'GET', token);
  }

  /** RFC 7592 2.2: the full metadata (with client_id), as RFC 7592 wants it. */
  update(client: RegisteredClient, metadata: Record<string, unknown>, token?: string | null): Promise<HttpExchange> {
    return this.#manage(client, 'PUT', token, { ...metadata, client_id: client.clientId });
  }

  /** RFC 7592 2.3. */
  delete(client: RegisteredClient, token?: string | null): Promise<HttpExchange> {
    return this.#manage(client, 'DELETE', token);
  }

  async #manage(client: RegisteredClient, method: 'GET' | 'PUT' | 'DELETE', token: string | null | undefined, body?: Record<string, unknown>): Promise<HttpExchange> {
    if (!client.registrationClientUri) {
      throw new HarnessError(`the AS returned no registration_client_uri for client ${client.clientId}: RFC 7592 management is not available`);
    }
    const bearer = token === undefined ? client.registrationAccessToken : token;
    return this.http.send({
      label: `registration management ${method}`,
      method,
      url: client.registrationClientUri,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      ...(this.identity ? { identity: this.identity } : {}),
    });
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
