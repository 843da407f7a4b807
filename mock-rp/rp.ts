import { X509Certificate, createHash } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { clientAuthentication, type ClientAssertionTamper, type ClientCredentials, type SecretAuthTamper } from './client-auth';
import { ensureIssMatches } from './checks/authorization-response';
import { ensureJarmResponseValid } from './checks/jarm';
import { excerpt } from './checks/jwt';
import { parseOAuthError } from './checks/error-response';
import { endpointFor, type AsMetadata, type EndpointName } from './discovery';
import { DpopSession, dpopThumbprint, type DpopProofTamper } from './dpop';
import { ConformanceFailure, HarnessError } from './errors';
import type { HttpClient, HttpExchange, TlsIdentity } from './http';
import { NO_CERTIFICATE } from './http';
import { generateSigningKey, type SigningKey } from './keys';
import type { FrontChannelOutcome } from './outcome';
import { createPkce, randomToken, type Pkce } from './pkce';
import { createRequestObject, type RequestObjectTamper } from './request-object';
import { R } from './requirements';
import type { VariantSpec } from '../shared/variants';

/** How the authorization request travels: one of the variant model's methods, or ('direct', only for negative
 * scenarios) as plain parameters at the authorization endpoint. */
export type RequestMethod = VariantSpec['requestMethod'] | 'direct';

/** The variant as the mock RP sees it: the variant model, with the request methods only negative scenarios use. */
export interface Variant extends Omit<VariantSpec, 'requestMethod'> {
  requestMethod: RequestMethod;
}

/** Named, searchable violations of a front-channel request: a negative test says what it breaks by name. */
export interface AuthorizationTamper {
  /** Parameters left out of the authorization request, e.g. ['code_challenge', 'code_challenge_method']. */
  omit?: string[];
  /** Parameters given other values, e.g. { code_challenge_method: 'plain' }. */
  set?: Record<string, string>;
  /** PKCE method to use; 'plain' makes the challenge equal the verifier. */
  pkceMethod?: 'S256' | 'plain';
  requestObject?: RequestObjectTamper;
  /** The DPoP proof at PAR: left out, or built with violations (DPoP clients). */
  parDpop?: 'omit' | DpopProofTamper;
  /** Client authentication at PAR with a shared secret. */
  secretAuth?: SecretAuthTamper;
  /** A broken client assertion at PAR (private_key_jwt clients). */
  clientAssertion?: ClientAssertionTamper;
  /** Extra form parameters at the PAR endpoint, outside any request object (e.g. a request_uri, which RFC 9126 forbids there). */
  parForm?: Record<string, string>;
  /** Push with this HTTP method instead of POST (RFC 9126 2 allows only POST). */
  parHttpMethod?: 'GET';
  /** Encrypt the signed request object to this key of the AS (nested JWT, RFC 9101 6.1). */
  encryptRequestObject?: { jwk: JWK; alg: string; enc: string };
  /** Parameters sent outside the signed request object (in the PAR form, or in the URL by value), which the AS must
   * ignore (RFC 9101 5; FAPI 1.0 Advanced 5.2.2-10). */
  outside?: Record<string, string>;
}

export interface PreparedAuthorization {
  kind: 'prepared';
  url: string;
  /** The state and nonce the request carried (in the request object when there is one); absent when left out. */
  state: string | undefined;
  nonce: string | undefined;
  pkce: Pkce;
  params: Record<string, string>;
  parExchange?: HttpExchange;
}

export interface TokenTamper {
  secretAuth?: SecretAuthTamper;
  /** A broken client assertion (private_key_jwt clients). */
  clientAssertion?: ClientAssertionTamper;
  /** Present this certificate instead of the client's own. */
  certificate?: TlsIdentity;
  /** Send no DPoP proof (DPoP clients). */
  omitDpop?: boolean;
  /** A DPoP proof built with these violations (DPoP clients). */
  dpop?: DpopProofTamper;
  omit?: string[];
  set?: Record<string, string>;
}

export interface ResourceTamper {
  certificate?: TlsIdentity;
  /** Sign the DPoP proof with a key other than the one the token is bound to. */
  foreignDpopKey?: boolean;
  /** The Authorization scheme as written, e.g. 'bearer' or 'DPOP' (RFC 9110 11.1: schemes are case-insensitive). */
  scheme?: string;
  /** A DPoP proof built with these violations. */
  dpop?: DpopProofTamper;
  /** Send exactly this DPoP proof (e.g. one already used). */
  proof?: string;
  /** Send no DPoP header. */
  omitDpop?: boolean;
  /** The htu the proof names, when it should differ in form from the URL called (normalisation). */
  htu?: string;
  /** Take a use_dpop_nonce answer as the answer (no retry with the server's nonce). */
  noNonceRetry?: boolean;
  /** The access token in the query string (RFC 6750 2.3) instead of the Authorization header. */
  tokenInQuery?: boolean;
  /** Further request headers (e.g. FAPI 1.0's x-fapi-interaction-id), sent as given. */
  headers?: Record<string, string>;
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
  async prepareAuthorization(
    tamper: AuthorizationTamper = {},
    options: { requestMethod?: RequestMethod } = {},
  ): Promise<PreparedAuthorization | Extract<FrontChannelOutcome, { kind: 'par-rejected' }>> {
    const state = randomToken(16);
    const nonce = randomToken(16);
    const pkce = createPkce(tamper.pkceMethod ?? 'S256');
    let params = this.baseParams(state, nonce, pkce);
    for (const k of tamper.omit ?? []) delete params[k];
    params = { ...params, ...tamper.set };
    const sent = { state: params.state, nonce: params.nonce };

    const method = options.requestMethod ?? this.variant.requestMethod;
    if (method === 'direct') {
      const url = new URL(this.metadata.authorization_endpoint);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return { kind: 'prepared', url: url.toString(), ...sent, pkce, params };
    }
    const signed = method !== 'par' || tamper.requestObject !== undefined;
    const requestObject = signed
      ? await createRequestObject(params, {
          clientId: this.client.clientId,
          audience: this.issuer,
          signingKey: this.client.signingKey,
          ...(tamper.requestObject ? { tamper: tamper.requestObject } : {}),
          ...(tamper.encryptRequestObject ? { encryptTo: tamper.encryptRequestObject } : {}),
        })
      : undefined;
    const authorizationEndpoint = this.metadata.authorization_endpoint;

    if (method === 'by-value') {
      const url = new URL(authorizationEndpoint);
      // OIDC Core 6.1: client_id, response_type and scope also travel outside the request object.
      for (const k of ['client_id', 'response_type', 'scope'] as const) if (params[k] !== undefined) url.searchParams.set(k, params[k]);
      for (const [k, v] of Object.entries(tamper.outside ?? {})) url.searchParams.set(k, v);
      url.searchParams.set('request', requestObject!);
      return { kind: 'prepared', url: url.toString(), ...sent, pkce, params };
    }

    const parEndpoint = this.endpoint('pushed_authorization_request_endpoint');
    const auth = await clientAuthentication(this.client, this.issuer, tamper.secretAuth, tamper.clientAssertion);
    const form: Record<string, string> = requestObject ? { ...tamper.outside, client_id: this.client.clientId, request: requestObject } : { ...params };
    Object.assign(form, auth.form, tamper.parForm);
    if (tamper.parHttpMethod === 'GET') {
      // Fresh client authentication for each attempt: a replayed assertion must not be what gets the push refused.
      const fresh = async () => {
        const a = await clientAuthentication(this.client, this.issuer, tamper.secretAuth, tamper.clientAssertion);
        return { form: { ...form, ...a.form }, headers: a.headers };
      };
      return this.#pushWithGet(parEndpoint, fresh, { ...sent, pkce, params });
    }
    const headers: Record<string, string> = { ...auth.headers };
    const parProof = async () => (await this.dpop()).proof('POST', parEndpoint, undefined, tamper.parDpop === 'omit' ? undefined : tamper.parDpop);
    if (this.variant.senderConstraint === 'dpop' && tamper.parDpop !== 'omit') headers.dpop = await parProof();
    // A shared secret must be the only credential on the request, else an AS could authenticate the certificate
    // instead and the test would prove nothing about secrets.
    const identity = tamper.secretAuth ? NO_CERTIFICATE : this.identity;
    let exchange = await this.http.send({ method: 'POST', url: parEndpoint, form, headers, identity, label: 'PAR' });
    exchange = await this.#retryWithDpopNonce(exchange, async () => {
      const retryAuth = await clientAuthentication(this.client, this.issuer, tamper.secretAuth, tamper.clientAssertion);
      return this.http.send({
        method: 'POST',
        url: parEndpoint,
        form: { ...form, ...retryAuth.form },
        headers: { ...retryAuth.headers, ...(tamper.parDpop === 'omit' ? {} : { dpop: await parProof() }) },
        identity,
        label: 'PAR (DPoP nonce retry)',
      });
    });
    const error = parseOAuthError(exchange, R.rfc9126Error);
    if (error) return { kind: 'par-rejected', ...error };
    const body = exchange.response.json as { request_uri?: unknown; expires_in?: unknown } | undefined;
    if (exchange.response.status !== 201 || typeof body?.request_uri !== 'string') {
      throw new ConformanceFailure(R.rfc9126Response, `HTTP 201 with request_uri and expires_in from ${exchange.label} ${exchange.request.url.split('?')[0]}`, `HTTP ${exchange.response.status}: ${excerpt(exchange.response.body, exchange.response.headers['content-type'])}`);
    }
    const type = exchange.response.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new ConformanceFailure(R.rfc9126Response, `the PAR response from ${exchange.request.url.split('?')[0]} as JSON with content type application/json`, `content type ${type || '(none)'}`);
    }
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.client.clientId);
    url.searchParams.set('request_uri', body.request_uri);
    return { kind: 'prepared', url: url.toString(), ...sent, pkce, params, parExchange: exchange };
  }

  /**
   * A push over GET, with the form in the query (RFC 9126 2 allows only POST). Any refusal counts, 405 without an OAuth
   * error body included; an accepted push continues to the authorization endpoint like any other.
   */
  async #pushWithGet(
    parEndpoint: string,
    authenticated: () => Promise<{ form: Record<string, string>; headers: Record<string, string> }>,
    request: Pick<PreparedAuthorization, 'state' | 'nonce' | 'pkce' | 'params'>,
  ): Promise<PreparedAuthorization | Extract<FrontChannelOutcome, { kind: 'par-rejected' }>> {
    const send = async (label: string) => {
      const { form, headers: authHeaders } = await authenticated();
      const url = new URL(parEndpoint);
      for (const [k, v] of Object.entries(form)) url.searchParams.set(k, v);
      const headers: Record<string, string> = { ...authHeaders };
      if (this.variant.senderConstraint === 'dpop') headers.dpop = await (await this.dpop()).proof('GET', parEndpoint);
      return this.http.send({ method: 'GET', url: url.toString(), headers, identity: this.identity, label });
    };
    // A nonce demand is no refusal of the method: answer it, then judge.
    const exchange = await this.#retryWithDpopNonce(await send('PAR over GET'), () => send('PAR over GET (DPoP nonce retry)'));
    const { status, json } = exchange.response;
    const body = json as { request_uri?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (status < 200 || status >= 300 || typeof body?.request_uri !== 'string') {
      return {
        kind: 'par-rejected',
        status,
        error: typeof body?.error === 'string' ? body.error : `HTTP ${status}`,
        ...(typeof body?.error_description === 'string' ? { error_description: body.error_description } : {}),
      };
    }
    const next = new URL(this.metadata.authorization_endpoint);
    next.searchParams.set('client_id', this.client.clientId);
    next.searchParams.set('request_uri', body.request_uri);
    return { kind: 'prepared', url: next.toString(), ...request, parExchange: exchange };
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
    if (params.response !== undefined) {
      inner = (await ensureJarmResponseValid(params.response, this.asKeys, { issuer: this.issuer, clientId: this.client.clientId })).params;
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
    if (inner.code !== undefined) return { kind: 'code', code: inner.code, ...common };
    throw new ConformanceFailure(R.rfc6749AuthzError, 'a code or an error at the redirect_uri', `parameters ${JSON.stringify(Object.keys(params))}`);
  }

  /** Checks a plain authorization response identifies the AS (RFC 9207); JARM responses carry iss in the JWT. */
  ensureResponseIssuer(outcome: Extract<FrontChannelOutcome, { kind: 'code' | 'error-redirect' }>): void {
    if (!outcome.viaJarm) ensureIssMatches(outcome.params, this.issuer);
  }

  /** Token request (RFC 6749 4.1.3) with this variant's client authentication and sender constraint. */
  async exchangeCode(prepared: PreparedAuthorization, code: string, tamper: TokenTamper = {}): Promise<HttpExchange> {
    return this.#tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.client.redirectUri, code_verifier: prepared.pkce.verifier }, tamper, 'token');
  }

  /** Refresh token grant (RFC 6749 6) with this variant's client authentication and sender constraint. */
  async refresh(refreshToken: string, tamper: TokenTamper = {}): Promise<HttpExchange> {
    return this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, tamper, 'token (refresh)');
  }

  /** Resource owner password credentials grant (RFC 6749 4.3), which FAPI 2.0 forbids: only to see it refused. */
  async passwordGrant(username: string, password: string, tamper: TokenTamper = {}): Promise<HttpExchange> {
    return this.#tokenRequest({ grant_type: 'password', username, password, scope: 'openid' }, tamper, 'token (password grant)');
  }

  async #tokenRequest(grant: Record<string, string>, tamper: TokenTamper, label: string): Promise<HttpExchange> {
    const tokenEndpoint = this.endpoint('token_endpoint');
    const build = async () => {
      const auth = await clientAuthentication(this.client, this.issuer, tamper.secretAuth, tamper.clientAssertion);
      let form: Record<string, string> = { ...grant, ...auth.form };
      for (const k of tamper.omit ?? []) delete form[k];
      form = { ...form, ...tamper.set };
      const headers: Record<string, string> = { ...auth.headers };
      if (this.variant.senderConstraint === 'dpop' && !tamper.omitDpop) headers.dpop = await (await this.dpop()).proof('POST', tokenEndpoint, undefined, tamper.dpop);
      return { form, headers };
    };
    const identity = tamper.certificate ?? (tamper.secretAuth ? NO_CERTIFICATE : this.identity);
    const first = await build();
    const exchange = await this.http.send({ method: 'POST', url: tokenEndpoint, ...first, identity, label });
    return this.#retryWithDpopNonce(exchange, async () => {
      const again = await build();
      return this.http.send({ method: 'POST', url: tokenEndpoint, ...again, identity, label: `${label} (DPoP nonce retry)` });
    });
  }

  /** A token request with only client authentication and a code that was never issued: isolates the client
   * authentication step (the AS must refuse the authentication before it looks at the grant). */
  async tokenRequestWithBogusCode(tamper: TokenTamper = {}): Promise<HttpExchange> {
    const prepared = { kind: 'prepared', url: '', state: '', nonce: '', pkce: createPkce(), params: {} } as PreparedAuthorization;
    return this.exchangeCode(prepared, randomToken(24), tamper);
  }

  /** Calls a protected resource with a sender-constrained access token (RFC 8705 3, RFC 9449 7). */
  async callResource(url: string, accessToken: string, tamper: ResourceTamper = {}): Promise<HttpExchange> {
    const identity = tamper.certificate ?? this.identity;
    const target = new URL(url);
    if (tamper.tokenInQuery) target.searchParams.set('access_token', accessToken);
    const send = async (label: string) => {
      const headers: Record<string, string> = { ...tamper.headers };
      if (this.variant.senderConstraint === 'dpop') {
        const session = tamper.foreignDpopKey ? new DpopSession(await generateSigningKey('ES256')) : await this.dpop();
        const nonce = this.#dpop?.nonceFor(url);
        if (nonce) session.rememberNonce(url, nonce);
        headers.authorization = `${tamper.scheme ?? 'DPoP'} ${accessToken}`;
        if (!tamper.omitDpop) headers.dpop = tamper.proof ?? (await session.proof('GET', tamper.htu ?? url, accessToken, tamper.dpop));
      } else {
        headers.authorization = `${tamper.scheme ?? 'Bearer'} ${accessToken}`;
      }
      if (tamper.tokenInQuery) delete headers.authorization;
      return this.http.send({ method: 'GET', url: target.toString(), headers, identity, label });
    };
    const exchange = await send('resource');
    if (tamper.noNonceRetry) return exchange;
    return this.#retryWithDpopNonce(exchange, () => send('resource (DPoP nonce retry)'));
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

  /** RFC 9449 8: when the server asks for a nonce, remember it and send the request once more. */
  async #retryWithDpopNonce(exchange: HttpExchange, retry: () => Promise<HttpExchange>): Promise<HttpExchange> {
    if (this.variant.senderConstraint !== 'dpop') return exchange;
    const nonce = exchange.response.headers['dpop-nonce'];
    const session = await this.dpop();
    session.rememberNonce(exchange.request.url, nonce);
    const body = exchange.response.json as { error?: string } | undefined;
    const wwwAuth = exchange.response.headers['www-authenticate'] ?? '';
    const asksForNonce = body?.error === 'use_dpop_nonce' || /error="use_dpop_nonce"/.test(wwwAuth);
    if (!asksForNonce || !nonce) return exchange;
    const again = await retry();
    session.rememberNonce(again.request.url, again.response.headers['dpop-nonce']);
    return again;
  }
}
