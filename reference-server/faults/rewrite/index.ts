/**
 * Faults that oidc-provider has no configuration knob for: it refuses
 * `alg: none` request objects, request objects with missing, expired or
 * out-of-range time claims, a foreign audience, RS256 or a bad signature, and
 * any PKCE method but S256, in code that cannot be reached from outside. The
 * server therefore turns such a request, before oidc-provider sees it, into
 * one it accepts and that leads to the same outcome for the client: the
 * request object gets the claim its fault tolerates put right and is re-signed
 * with a key only the server holds (registered for every client while such a
 * fault is on), and a plain PKCE challenge c becomes the S256 challenge of c,
 * so that the token endpoint's S256 check passes for code_verifier = c. Each
 * fault puts right only its own violation: a request with two stays refused.
 *
 * This module holds the rewriting faults and the dispatch (which requests, which form, which rewriter);
 * request-object.ts and client-assertion.ts rewrite the two kinds of JWT.
 */
import type { IncomingMessage } from 'node:http';
import { readBody, replay } from '../../body';
import type { RegisteredClient } from '../../clients';
import type { Fault } from '../hooks';
import { rewriteClientAuth } from './client-assertion';
import { decryptRsa1_5 } from './jwe';
import { rewritePkce, type FaultSigner } from './jws';
import { registeredRedirect, rewriteRequestObject } from './request-object';

export { createFaultSigners } from './jws';

/** The faults this rewriter implements, and what each lets through (before oidc-provider sees the request). */
export const REWRITE_FAULTS = {
  'accept-unsigned-request-object': 'request objects with alg "none" are accepted, at PAR and at the authorization endpoint',
  'accept-plain-pkce': 'code_challenge_method=plain is accepted (the code_verifier is then the challenge itself)',
  'accept-request-object-without-exp': 'request objects without an exp claim are accepted',
  'accept-request-object-without-nbf': 'request objects without an nbf claim are accepted',
  'accept-expired-request-object': 'request objects whose exp has passed are accepted',
  'accept-long-lived-request-object': 'request objects whose exp lies more than 60 minutes after nbf are accepted',
  'accept-request-object-old-nbf': 'request objects whose nbf lies more than 60 minutes in the past are accepted',
  'accept-request-object-future-nbf': 'request objects whose nbf lies more than 15 s (oidc-provider\'s clock tolerance) ahead are accepted',
  'accept-request-object-wrong-aud': 'request objects whose aud does not name the issuer are accepted',
  'accept-request-object-rs256': 'request objects signed with RS256 (by the client\'s own RSA key) are accepted',
  'accept-request-object-bad-signature': 'request objects whose signature does not verify with the client\'s keys are accepted',
  'accept-missing-redirect-uri': 'authorization requests without redirect_uri (in the request object or, without one, in the parameters) are accepted: the registered one is used',
  'accept-request-object-without-scope': 'request objects without scope are accepted (as if scope were "openid")',
  'accept-request-object-without-nonce': 'FAPI 1.0 request objects without nonce are accepted',
  'accept-request-object-rsa1-5': 'request objects encrypted with RSA1_5 (to the server\'s RSA encryption key, whose alg says RSA-OAEP-256) are decrypted and accepted',
  'accept-missing-state-without-openid': 'FAPI 1.0 request objects whose scope holds no openid and that carry no state are accepted (the server makes a state up)',
  'accept-request-uri-at-par': 'a request_uri form parameter at the PAR endpoint is ignored instead of refused',
  'accept-get-at-par': 'the PAR endpoint takes GET requests (the query as the form)',
  'accept-unregistered-redirect-uri': 'an unregistered redirect_uri is replaced by the registered one instead of refused',
  'accept-request-uri-in-request-object': 'a request_uri claim inside a request object is ignored instead of refused',
  'prefer-outside-parameters': 'state and nonce sent outside a request object are used instead of (or where absent, in addition to) the signed ones',
  'accept-request-uri-of-other-client': 'a pushed request_uri is honoured whichever client_id comes with it (the pushing client gets the code)',
  'accept-non-code-response-types': 'FAPI 2.0 clients may use response_type "code id_token", and "token" (answered as "code id_token": oidc-provider issues no front-channel token to sender-constrained clients)',
  'accept-missing-client-assertion': 'a private_key_jwt client that sends only its client_id (no client_assertion) at the token or PAR endpoint is authenticated',
  'accept-client-assertion-rs256': 'client assertions signed with RS256 (by the client\'s own RSA key) are accepted',
  'accept-eddsa-from-fapi1-clients':
    'FAPI 1.0 clients\' request objects and client assertions signed with EdDSA (by the client\'s own registered Ed25519 key) are accepted',
  'accept-client-assertion-bad-signature': 'client assertions whose signature does not verify with the client\'s keys (another client\'s key, say) are accepted',
  'client-assertion-sub-not-checked': 'a client assertion without sub, or whose sub is not the client_id, is accepted (its iss names the client)',
  'client-assertion-iss-not-checked': 'a client assertion whose iss is not the client_id is accepted (its sub names the client)',
  'client-assertion-aud-not-checked': 'a client assertion whose aud names neither the issuer nor the token or PAR endpoint is accepted',
  'accept-expired-client-assertion': 'client assertions whose exp has passed are accepted',
  'client-assertion-nbf-not-checked': 'client assertions whose nbf lies more than 15 s (oidc-provider\'s clock tolerance) ahead are accepted',
  'accept-mismatched-dpop-jkt-at-par': 'the PAR endpoint ignores the dpop_jkt parameter, so one that does not match the DPoP proof goes unnoticed',
  'client-id-not-matched': 'a client_id parameter naming another client than the one the assertion authenticates is ignored: the assertion\'s client is used',
  'token-redirect-uri-not-checked':
    'the token endpoint ignores the redirect_uri of an authorization_code grant (another registered one, or none at all): the one the code was issued for is used',
} as const;
export type RewriteFault = keyof typeof REWRITE_FAULTS;

/** What accept-non-code-response-types adds. oidc-provider has no bare "token" and issues no front-channel access
 * token to a sender-constrained client, so the rewriter answers "token" as "code id_token". */
const NON_CODE_RESPONSE_TYPES = ['code id_token'];

/** What some rewriting faults need beyond the rewriter. */
export const REWRITE_HOOKS: Partial<Record<RewriteFault, Omit<Fault, 'relaxes'>>> = {
  'accept-non-code-response-types': {
    clients: { extraResponseTypes: NON_CODE_RESPONSE_TYPES },
    configuration: (config) => {
      config.responseTypes = [...(config.responseTypes as string[]), ...NON_CODE_RESPONSE_TYPES];
    },
  },
};

export interface RewriteOptions {
  relaxed: ReadonlySet<string>;
  issuer: string;
  clients: Map<string, RegisteredClient>;
  signers: Record<'PS256' | 'ES256', FaultSigner>;
  /** Paths of the endpoints that take authorization request parameters. */
  paths: string[];
  /** The PAR endpoint's path (for the faults that only concern pushing). */
  parPath: string;
  /** The token endpoint's path. */
  tokenPath: string;
  /** The server's private encryption keys (JWK), for accept-request-object-rsa1-5. */
  decryptionKeys: readonly Record<string, unknown>[];
  /** The `tokenParams` hooks of the active faults, run last on a token request's form. */
  tokenParams: readonly ((params: URLSearchParams) => boolean)[];
  /** The client that pushed a request_uri, if it is live. */
  parOwner(requestUri: string): Promise<string | undefined>;
  /** The redirect_uri an authorization code was issued for, if the code is live (for token-redirect-uri-not-checked). */
  codeRedirectUri(code: string): Promise<string | undefined>;
}

/** What every rewriter reads: the options, and which rewriting faults are on. */
export interface RewriteContext {
  opts: RewriteOptions;
  relaxed(fault: RewriteFault): boolean;
}

export function createRequestRewriter(opts: RewriteOptions): (req: IncomingMessage, url: URL) => Promise<IncomingMessage> {
  const relaxed = (f: RewriteFault) => opts.relaxed.has(f);
  const ctx: RewriteContext = { opts, relaxed };
  const acceptPlainPkce = relaxed('accept-plain-pkce');

  async function rewriteParams(params: URLSearchParams, path: string): Promise<boolean> {
    let changed = acceptPlainPkce && rewritePkce(params);
    if (path === opts.tokenPath || path === opts.parPath) changed = (await rewriteClientAuth(params, ctx)) || changed;
    if (path === opts.tokenPath) {
      const code = params.get('code');
      if (relaxed('token-redirect-uri-not-checked') && params.get('grant_type') === 'authorization_code' && code) {
        const issuedFor = await opts.codeRedirectUri(code);
        if (issuedFor !== undefined && params.get('redirect_uri') !== issuedFor) {
          params.set('redirect_uri', issuedFor);
          changed = true;
        }
      }
      // Other faults' changes to a token request's form (pkce-verifier-not-checked drops the code_verifier).
      for (const hook of opts.tokenParams) changed = hook(params) || changed;
      return changed;
    }
    const requestUri = params.get('request_uri');
    if (relaxed('accept-request-uri-of-other-client') && path !== opts.parPath && requestUri) {
      const owner = await opts.parOwner(requestUri);
      if (owner && owner !== params.get('client_id')) {
        params.set('client_id', owner);
        changed = true;
      }
    }
    if (relaxed('accept-non-code-response-types') && params.get('response_type') === 'token') {
      params.set('response_type', 'code id_token');
      changed = true;
    }
    if (path === opts.parPath && relaxed('accept-mismatched-dpop-jkt-at-par') && params.has('dpop_jkt')) {
      params.delete('dpop_jkt');
      changed = true;
    }
    if (path === opts.parPath && relaxed('accept-request-uri-at-par') && params.has('request_uri')) {
      params.delete('request_uri');
      changed = true;
    }
    const client = opts.clients.get(params.get('client_id') ?? '');
    const redirect = params.get('redirect_uri');
    if (client && redirect !== null) {
      const fixed = registeredRedirect(client, redirect, ctx);
      if (fixed !== redirect) {
        params.set('redirect_uri', String(fixed));
        changed = true;
      }
    }
    const requests = params.getAll('request');
    if (requests.length === 0 && client && relaxed('accept-missing-redirect-uri') && !params.has('redirect_uri') && params.has('response_type') && !requestUri) {
      params.set('redirect_uri', (client.metadata.redirect_uris as string[])[0]!);
      changed = true;
    }
    if (requests.length === 1 && relaxed('accept-request-object-rsa1-5')) {
      const nested = decryptRsa1_5(requests[0]!, opts.decryptionKeys);
      if (nested) {
        params.set('request', nested);
        requests[0] = nested;
        changed = true;
      }
    }
    if (requests.length === 1) {
      const replacement = await rewriteRequestObject(requests[0]!, params.get('client_id'), params, ctx);
      if (replacement) {
        params.set('request', replacement);
        changed = true;
      }
    }
    return changed;
  }

  return async function rewrite(req, url) {
    if (!opts.paths.includes(url.pathname)) return req;

    if (req.method === 'GET' && url.pathname === opts.parPath && relaxed('accept-get-at-par')) {
      // The fault: a push over GET is taken as if it had been POSTed, query and all.
      const params = new URLSearchParams(url.search);
      await rewriteParams(params, url.pathname);
      const post = replay(req, Buffer.from(params.toString(), 'utf8'));
      post.method = 'POST';
      post.url = url.pathname;
      post.headers['content-type'] = 'application/x-www-form-urlencoded';
      // A DPoP proof made for GET cannot pass oidc-provider's htm check once the request reads as POST; at PAR the
      // proof is optional (RFC 9449 10.1), so this lax AS simply ignores it there.
      delete post.headers.dpop;
      return post;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const params = new URLSearchParams(url.search);
      if (await rewriteParams(params, url.pathname)) req.url = `${url.pathname}?${params.toString()}`;
      return req;
    }

    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (req.method !== 'POST' || type !== 'application/x-www-form-urlencoded') return req;

    const original = await readBody(req);
    const params = new URLSearchParams(original.toString('utf8'));
    const body = (await rewriteParams(params, url.pathname)) ? Buffer.from(params.toString(), 'utf8') : original;
    return replay(req, body);
  };
}
