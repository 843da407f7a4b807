import { X509Certificate, createHash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { ClientCredentials } from './client-auth';
import { ensureIssMatches } from './checks/authorization-response';
import { ensureJarmResponseValid } from './checks/jarm';
import { endpointFor, type AsMetadata, type EndpointName } from './discovery';
import { DpopSession, dpopThumbprint, type DpopProofTamper } from './dpop';
import { ConformanceFailure, HarnessError } from './errors';
import type { HttpClient, HttpExchange, TlsIdentity } from './http';
import { NO_CERTIFICATE } from './http';
import { generateSigningKey, type SigningKey } from './keys';
import type { FrontChannelOutcome } from './outcome';
import { createPkce, randomToken, type Pkce } from './pkce';
import { R } from './requirements';
import type { VariantSpec } from '../shared/variants';
import { prepareAuthorization, type PreparedAuthorization } from './authorization-request';
import { callResource } from './resource-request';
import type { AuthorizationTamper, ResourceTamper, TokenTamper } from './tampers';
import { tokenRequest } from './token-request';

/*
 * The mock relying party's class and the variant as it sees it. What it sends lives in one module per request:
 * authorization-request.ts (the request, PAR), token-request.ts, resource-request.ts; the named violations in
 * tampers.ts; the DPoP nonce retry in dpop-retry.ts.
 */

export type { PreparedAuthorization } from './authorization-request';
export type { AuthorizationTamper, ResourceTamper, TokenTamper } from './tampers';

/** How the authorization request travels: one of the variant model's methods, or ('direct', only for negative
 * scenarios) as plain parameters at the authorization endpoint. */
export type RequestMethod = VariantSpec['requestMethod'] | 'direct';

/** The variant as the mock RP sees it: the variant model, with the request methods only negative scenarios use. */
export interface Variant extends Omit<VariantSpec, 'requestMethod'> {
  requestMethod: RequestMethod;
}

export interface RelyingPartyOptions {
  http: HttpClient;
  metadata: AsMetadata;
  asKeys: JSONWebKeySet;
  variant: Variant;
  client: ClientCredentials & { redirectUri: string; secondRedirectUri?: string };
  scope: string;
}

/**
 * The mock relying party for one client of one variant: builds requests (optionally broken on purpose), sends them,
 * and turns the raw answers into outcomes. It never decides what a test expects; the checks and the tests do.
 */
export class RelyingParty {
  readonly http: HttpClient;
  readonly metadata: AsMetadata;
  readonly asKeys: JSONWebKeySet;
  readonly variant: Variant;
  readonly client: ClientCredentials & { redirectUri: string; secondRedirectUri?: string };
  readonly scope: string;
  #dpop?: DpopSession;

  constructor(opts: RelyingPartyOptions) {
    this.http = opts.http;
    this.metadata = opts.metadata;
    this.asKeys = opts.asKeys;
    this.variant = opts.variant;
    this.client = opts.client;
    this.scope = opts.scope;
  }

  get issuer(): string {
    return this.metadata.issuer;
  }

  /** The client presents its certificate whenever the certificate authenticates it or binds its tokens. */
  get usesCertificate(): boolean {
    return this.variant.clientAuth === 'tls_client_auth' || this.variant.senderConstraint === 'mtls';
  }

  get identity(): TlsIdentity {
    return this.usesCertificate ? (this.client.certificate ?? NO_CERTIFICATE) : NO_CERTIFICATE;
  }

  endpoint(name: EndpointName): string {
    const url = endpointFor(this.metadata, name, this.usesCertificate);
    if (!url) throw new HarnessError(`the AS's discovery document has no ${name}`, { hint: 'this scenario needs it; check the AS configuration' });
    return url;
  }

  async dpop(): Promise<DpopSession> {
    this.#dpop ??= new DpopSession(await generateSigningKey('ES256'));
    return this.#dpop;
  }

  /** Uses another client instance's DPoP key from now on, so that a scenario can isolate a check other than the
   * DPoP binding (e.g. the code's binding to its client). */
  async adoptDpopKey(from: RelyingParty): Promise<void> {
    this.#dpop = new DpopSession((await from.dpop()).key);
  }

  /** Uses this DPoP key from now on (e.g. an RSA key, for a proof that must differ from a good one only in its alg). */
  useDpopKey(key: SigningKey): void {
    this.#dpop = new DpopSession(key);
  }

  /** The authorization request parameters a conforming client of this variant sends. */
  baseParams(state: string, nonce: string, pkce: Pkce): Record<string, string> {
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: this.client.clientId,
      redirect_uri: this.client.redirectUri,
      scope: this.scope,
      state,
      nonce,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
    };
    if (this.variant.responseMode === 'jwt') params.response_mode = 'jwt';
    return params;
  }
  /** Builds the authorization request, pushes it when the variant uses PAR, and returns the URL for the browser, or
   * the PAR endpoint's refusal. */
  prepareAuthorization(
    tamper: AuthorizationTamper = {},
    options: { requestMethod?: RequestMethod } = {},
  ): Promise<PreparedAuthorization | Extract<FrontChannelOutcome, { kind: 'par-rejected' }>> {
    return prepareAuthorization(this, tamper, options);
  }

  /** Turns what arrived at the redirect_uri into an outcome; JARM responses are validated on the way (a JARM response
   * that fails validation is a ConformanceFailure, whatever it carries). */
  async judgeCallback(callback: { url: string; form?: Record<string, string> }): Promise<FrontChannelOutcome> {
    const u = new URL(callback.url);
    const params: Record<string, string> = {};
    for (const [k, v] of u.searchParams) params[k] = v;
    if (u.hash.length > 1) for (const [k, v] of new URLSearchParams(u.hash.slice(1))) params[k] = v;
    Object.assign(params, callback.form);
    let inner = params;
    let viaJarm = false;
    let jarmHeader: Record<string, unknown> | undefined;
    if (params.response !== undefined) {
      const jarm = await ensureJarmResponseValid(params.response, this.asKeys, { issuer: this.issuer, clientId: this.client.clientId });
      inner = jarm.params;
      jarmHeader = jarm.header;
      viaJarm = true;
    }
    const common = {
      params: inner,
      viaJarm,
      ...(inner.state !== undefined ? { state: inner.state } : {}),
      ...(inner.iss !== undefined ? { iss: inner.iss } : {}),
    };
    if (inner.error !== undefined) {
      return { kind: 'error-redirect', error: inner.error, ...(inner.error_description ? { error_description: inner.error_description } : {}), ...common };
    }
    if (inner.code !== undefined) return { kind: 'code', code: inner.code, ...common, ...(jarmHeader ? { jarmHeader } : {}) };
    throw new ConformanceFailure(R.rfc6749AuthzError, 'a code or an error at the redirect_uri', `parameters ${JSON.stringify(Object.keys(params))}`);
  }

  /** Checks a plain authorization response identifies the AS (RFC 9207); JARM responses carry iss in the JWT. */
  ensureResponseIssuer(outcome: Extract<FrontChannelOutcome, { kind: 'code' | 'error-redirect' }>): void {
    if (!outcome.viaJarm) ensureIssMatches(outcome.params, this.issuer);
  }

  /** Token request (RFC 6749 4.1.3) with this variant's client authentication and sender constraint. */
  async exchangeCode(prepared: PreparedAuthorization, code: string, tamper: TokenTamper = {}): Promise<HttpExchange> {
    return tokenRequest(this, { grant_type: 'authorization_code', code, redirect_uri: this.client.redirectUri, code_verifier: prepared.pkce.verifier }, tamper, 'token');
  }

  /** Refresh token grant (RFC 6749 6) with this variant's client authentication and sender constraint. */
  async refresh(refreshToken: string, tamper: TokenTamper = {}): Promise<HttpExchange> {
    return tokenRequest(this, { grant_type: 'refresh_token', refresh_token: refreshToken }, tamper, 'token (refresh)');
  }

  /** Resource owner password credentials grant (RFC 6749 4.3), which FAPI 2.0 forbids: only to see it refused. */
  async passwordGrant(username: string, password: string, tamper: TokenTamper = {}): Promise<HttpExchange> {
    return tokenRequest(this, { grant_type: 'password', username, password, scope: 'openid' }, tamper, 'token (password grant)');
  }

  /** A token request with only client authentication and a code that was never issued: isolates the client
   * authentication step (the AS must refuse the authentication before it looks at the grant). */
  async tokenRequestWithBogusCode(tamper: TokenTamper = {}): Promise<HttpExchange> {
    const prepared = { kind: 'prepared', url: '', state: '', nonce: '', pkce: createPkce(), params: {} } as PreparedAuthorization;
    return this.exchangeCode(prepared, randomToken(24), tamper);
  }

  /** Calls a protected resource with a sender-constrained access token (RFC 8705 3, RFC 9449 7). */
  callResource(url: string, accessToken: string, tamper: ResourceTamper = {}): Promise<HttpExchange> {
    return callResource(this, url, accessToken, tamper);
  }

  /** The last nonce the server gave this client's DPoP session for `url`; none before the session exists. */
  dpopNonceFor(url: string): string | undefined {
    return this.#dpop?.nonceFor(url);
  }

  /** A DPoP proof of this client for one request (RFC 9449 4.2), with the last nonce the server gave. */
  async dpopProof(htm: string, url: string, accessToken?: string, tamper?: DpopProofTamper): Promise<string> {
    return (await this.dpop()).proof(htm, url, accessToken, tamper);
  }

  /** The DPoP key thumbprint tokens of this client should be bound to (RFC 9449 6.1). */
  async dpopJkt(): Promise<string | undefined> {
    return this.variant.senderConstraint === 'dpop' ? dpopThumbprint((await this.dpop()).key) : undefined;
  }

  /** SHA-256 thumbprint of the client's certificate (RFC 8705 3.1). */
  certificateThumbprint(identity: TlsIdentity = this.identity): string | undefined {
    if (!identity.cert) return undefined;
    return createHash('sha256').update(new X509Certificate(identity.cert).raw).digest('base64url');
  }
}
