import { clientAuthentication } from './client-auth';
import { excerpt } from './checks/jwt';
import { parseOAuthError } from './checks/error-response';
import { twoDpopProofs } from './dpop';
import { retryWithDpopNonce } from './dpop-retry';
import { ConformanceFailure } from './errors';
import type { HttpExchange } from './http';
import { NO_CERTIFICATE } from './http';
import type { FrontChannelOutcome } from './outcome';
import { createPkce, randomToken, type Pkce } from './pkce';
import { createRequestObject } from './request-object';
import { R } from './requirements';
import type { RelyingParty, RequestMethod } from './rp';
import type { AuthorizationTamper } from './tampers';

/* The authorization request of a relying party: built (optionally broken on purpose), pushed when the variant uses
 * PAR, signed when it uses a request object, and turned into the URL the browser opens. */

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

/** Builds the authorization request, pushes it when the variant uses PAR, and returns the URL for the browser, or
 * the PAR endpoint's refusal. */
export async function prepareAuthorization(
  rp: RelyingParty,
  tamper: AuthorizationTamper = {},
  options: { requestMethod?: RequestMethod } = {},
): Promise<PreparedAuthorization | Extract<FrontChannelOutcome, { kind: 'par-rejected' }>> {
  const state = randomToken(16);
  const nonce = randomToken(16);
  const pkce = createPkce(tamper.pkceMethod ?? 'S256');
  let params = rp.baseParams(state, nonce, pkce);
  for (const k of tamper.omit ?? []) delete params[k];
  params = { ...params, ...tamper.set };
  const sent = { state: params.state, nonce: params.nonce };

  const method = options.requestMethod ?? rp.variant.requestMethod;
  if (method === 'direct') {
    const url = new URL(rp.metadata.authorization_endpoint);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { kind: 'prepared', url: url.toString(), ...sent, pkce, params };
  }
  const signed = method !== 'par' || tamper.requestObject !== undefined;
  const requestObject = signed
    ? await createRequestObject(params, {
        clientId: rp.client.clientId,
        audience: rp.issuer,
        signingKey: rp.client.signingKey,
        ...(tamper.requestObject ? { tamper: tamper.requestObject } : {}),
        ...(tamper.encryptRequestObject ? { encryptTo: tamper.encryptRequestObject } : {}),
      })
    : undefined;
  const authorizationEndpoint = rp.metadata.authorization_endpoint;

  if (method === 'by-value') {
    const url = new URL(authorizationEndpoint);
    // OIDC Core 6.1: client_id, response_type and scope also travel outside the request object.
    for (const k of ['client_id', 'response_type', 'scope'] as const) if (params[k] !== undefined) url.searchParams.set(k, params[k]);
    for (const [k, v] of Object.entries(tamper.outside ?? {})) url.searchParams.set(k, v);
    url.searchParams.set('request', requestObject!);
    return { kind: 'prepared', url: url.toString(), ...sent, pkce, params };
  }

  const parEndpoint = rp.endpoint('pushed_authorization_request_endpoint');
  const auth = await clientAuthentication(rp.client, rp.issuer, tamper.secretAuth, tamper.clientAssertion);
  const form: Record<string, string> = requestObject ? { ...tamper.outside, client_id: rp.client.clientId, request: requestObject } : { ...params };
  Object.assign(form, auth.form, tamper.parForm);
  if (tamper.parHttpMethod === 'GET') {
    // Fresh client authentication for each attempt: a replayed assertion must not be what gets the push refused.
    const fresh = async () => {
      const a = await clientAuthentication(rp.client, rp.issuer, tamper.secretAuth, tamper.clientAssertion);
      return { form: { ...form, ...a.form }, headers: a.headers };
    };
    return pushWithGet(rp, parEndpoint, fresh, { ...sent, pkce, params });
  }
  const headers: Record<string, string | string[]> = { ...auth.headers };
  const parProof = async () => {
    const session = await rp.dpop();
    const proof = await session.proof('POST', parEndpoint, undefined, tamper.parDpop === 'omit' ? undefined : tamper.parDpop);
    return tamper.twoParDpopProofs ? twoDpopProofs(proof, await session.proof('POST', parEndpoint), tamper.twoParDpopProofs) : proof;
  };
  if (rp.variant.senderConstraint === 'dpop' && tamper.parDpop !== 'omit') headers.dpop = await parProof();
  // A shared secret must be the only credential on the request, else an AS could authenticate the certificate
  // instead and the test would prove nothing about secrets.
  const identity = tamper.secretAuth ? NO_CERTIFICATE : rp.identity;
  let exchange = await rp.http.send({ method: 'POST', url: parEndpoint, form, headers, identity, label: 'PAR' });
  exchange = await retryWithDpopNonce(rp, exchange, async () => {
    const retryAuth = await clientAuthentication(rp.client, rp.issuer, tamper.secretAuth, tamper.clientAssertion);
    return rp.http.send({
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
  url.searchParams.set('client_id', rp.client.clientId);
  url.searchParams.set('request_uri', body.request_uri);
  return { kind: 'prepared', url: url.toString(), ...sent, pkce, params, parExchange: exchange };
}

/**
 * A push over GET, with the form in the query (RFC 9126 2 allows only POST). Any refusal counts, 405 without an OAuth
 * error body included; an accepted push continues to the authorization endpoint like any other.
 */
async function pushWithGet(
  rp: RelyingParty,
  parEndpoint: string,
  authenticated: () => Promise<{ form: Record<string, string>; headers: Record<string, string> }>,
  request: Pick<PreparedAuthorization, 'state' | 'nonce' | 'pkce' | 'params'>,
): Promise<PreparedAuthorization | Extract<FrontChannelOutcome, { kind: 'par-rejected' }>> {
  const send = async (label: string) => {
    const { form, headers: authHeaders } = await authenticated();
    const url = new URL(parEndpoint);
    for (const [k, v] of Object.entries(form)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...authHeaders };
    if (rp.variant.senderConstraint === 'dpop') headers.dpop = await (await rp.dpop()).proof('GET', parEndpoint);
    return rp.http.send({ method: 'GET', url: url.toString(), headers, identity: rp.identity, label });
  };
  // A nonce demand is no refusal of the method: answer it, then judge.
  const exchange = await retryWithDpopNonce(rp, await send('PAR over GET'), () => send('PAR over GET (DPoP nonce retry)'));
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
  const next = new URL(rp.metadata.authorization_endpoint);
  next.searchParams.set('client_id', rp.client.clientId);
  next.searchParams.set('request_uri', body.request_uri);
  return { kind: 'prepared', url: next.toString(), ...request, parExchange: exchange };
}
