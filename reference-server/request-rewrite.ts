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
 */
import { createHash, randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { SERVER_SIGNING_ALGS } from './algorithms';
import type { RegisteredClient } from './clients';

export interface FaultSigner {
  alg: 'PS256' | 'ES256';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createFaultSigners(): Promise<Record<'PS256' | 'ES256', FaultSigner>> {
  const make = async (alg: 'PS256' | 'ES256'): Promise<FaultSigner> => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const kid = `reference-as-fault-signer-${alg.toLowerCase()}`;
    return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  };
  const [ps, es] = await Promise.all([make('PS256'), make('ES256')]);
  return { PS256: ps, ES256: es };
}

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

export interface RewriteOptions {
  relaxed: ReadonlySet<string>;
  issuer: string;
  clients: Map<string, RegisteredClient>;
  signers: Record<'PS256' | 'ES256', FaultSigner>;
  /** Paths of the endpoints that take authorization request parameters. */
  paths: string[];
  /** The PAR endpoint's path (for the faults that only concern pushing). */
  parPath: string;
  /** The token endpoint's path (where pkce-verifier-not-checked drops the code_verifier). */
  tokenPath: string;
  /** The client that pushed a request_uri, if it is live. */
  parOwner(requestUri: string): Promise<string | undefined>;
  /** The redirect_uri an authorization code was issued for, if the code is live (for token-redirect-uri-not-checked). */
  codeRedirectUri(code: string): Promise<string | undefined>;
}

/** Well above oidc-provider's own 56 KiB body limit, so that its own "too large" error still decides. */
const MAX_BODY = 1024 * 1024;

export class PayloadTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY} bytes`);
  }
}

function s256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** EdDSA under its two names (RFC 9864 gives Ed25519 a fully specified one). */
const EDDSA = ['EdDSA', 'Ed25519'];

function rewritePkce(params: { get(k: string): unknown; set(k: string, v: string): void }): boolean {
  const challenge = params.get('code_challenge');
  if (params.get('code_challenge_method') !== 'plain' || typeof challenge !== 'string' || !challenge) return false;
  params.set('code_challenge_method', 'S256');
  params.set('code_challenge', s256(challenge));
  return true;
}

/** Header and claims of a compact JWS, or undefined when it is not one. */
function decodeJws(jwt: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload } | undefined {
  try {
    return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
  } catch {
    return undefined;
  }
}

/** Whether one of the client's registered keys verifies the JWS (RS256 and EdDSA included: their faults need to tell). */
function signedBy(client: RegisteredClient, jwt: string): Promise<boolean> {
  const keys = { keys: client.publicJwks.keys.map(({ alg: _alg, ...k }) => k) };
  return compactVerify(jwt, createLocalJWKSet(keys), { algorithms: [...SERVER_SIGNING_ALGS, 'RS256', ...EDDSA] }).then(() => true, () => false);
}

/** EdDSA is refused from every client; accept-eddsa-from-fapi1-clients lets it through for FAPI 1.0 clients only. */
function eddsaRelaxedFor(client: RegisteredClient, relaxed: ReadonlySet<string>): boolean {
  return relaxed.has('accept-eddsa-from-fapi1-clients') && client.metadata.fapi_profile === '1.0 Final';
}

export function createRequestRewriter(opts: RewriteOptions): (req: IncomingMessage, url: URL) => Promise<IncomingMessage> {
  async function rewriteRequestObject(jwt: string, outerClientId: string | null, outside: URLSearchParams): Promise<string | undefined> {
    if (jwt.split('.').length !== 3) return undefined; // encrypted or malformed: left for oidc-provider to judge
    const decoded = decodeJws(jwt);
    if (!decoded) return undefined;
    const { header, claims } = decoded;
    const clientId = outerClientId ?? (typeof claims.client_id === 'string' ? claims.client_id : claims.iss);
    const client = clientId ? opts.clients.get(clientId) : undefined;
    if (!client) return undefined;

    // What the server would refuse, each let through only by its own fault.
    const { alg } = header;
    let changed = false;
    if (alg === 'none') {
      if (!relaxed('accept-unsigned-request-object')) return undefined;
      changed = true;
    } else {
      if (alg === 'RS256') {
        if (!relaxed('accept-request-object-rs256')) return undefined;
        changed = true;
      }
      if (EDDSA.includes(String(alg))) {
        if (!eddsaRelaxedFor(client, opts.relaxed)) return undefined;
        changed = true;
      }
      // Re-signing is vouching for the content: only for what the client really signed, unless signatures are the fault.
      if (!(await signedBy(client, jwt))) {
        if (!relaxed('accept-request-object-bad-signature')) return undefined;
        changed = true;
      }
    }

    const rewritten: Record<string, unknown> = { ...claims };
    const now = Math.floor(Date.now() / 1000);
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    if (relaxed('accept-request-object-without-exp') && rewritten.exp === undefined) rewritten.exp = now + 300;
    if (relaxed('accept-request-object-without-nbf') && rewritten.nbf === undefined) rewritten.nbf = now;
    if (relaxed('accept-expired-request-object') && (num(rewritten.exp) ?? Infinity) <= now) {
      rewritten.exp = now + 300;
      rewritten.nbf = Math.min(num(rewritten.nbf) ?? now, now);
    }
    if (relaxed('accept-request-object-old-nbf') && now - (num(rewritten.nbf) ?? now) > 3600) rewritten.nbf = now;
    if (relaxed('accept-request-object-future-nbf') && (num(rewritten.nbf) ?? now) > now + 15) rewritten.nbf = now;
    if (relaxed('accept-long-lived-request-object') && (num(rewritten.exp) ?? 0) - (num(rewritten.nbf) ?? now) > 3600) {
      rewritten.exp = (num(rewritten.nbf) ?? now) + 3600;
    }
    const aud = rewritten.aud;
    if (relaxed('accept-request-object-wrong-aud') && aud !== opts.issuer && !(Array.isArray(aud) && aud.includes(opts.issuer))) rewritten.aud = opts.issuer;
    rewritten.redirect_uri = registeredRedirect(client, rewritten.redirect_uri);
    if (relaxed('accept-missing-redirect-uri') && rewritten.redirect_uri === undefined) {
      rewritten.redirect_uri = (client.metadata.redirect_uris as string[] | undefined)?.[0];
    }
    if (relaxed('accept-request-object-without-scope') && rewritten.scope === undefined) rewritten.scope = 'openid';
    if (relaxed('accept-request-object-without-nonce') && rewritten.nonce === undefined) rewritten.nonce = randomBytes(16).toString('base64url');
    if (acceptPlainPkce) rewritePkce({ get: (k) => rewritten[k], set: (k, v) => (rewritten[k] = v) });
    if (relaxed('accept-request-uri-in-request-object')) delete rewritten.request_uri;
    if (relaxed('prefer-outside-parameters')) {
      for (const k of ['state', 'nonce']) {
        const v = outside.get(k);
        if (v !== null) rewritten[k] = v;
      }
    }
    if (relaxed('accept-non-code-response-types') && rewritten.response_type === 'token') rewritten.response_type = 'code id_token';
    changed ||= JSON.stringify(rewritten) !== JSON.stringify(claims);
    if (!changed) return undefined;

    const signer = opts.signers[client.alg];
    return new SignJWT(rewritten as JWTPayload)
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...(header.typ ? { typ: header.typ } : {}) })
      .sign(signer.privateKey);
  }

  /** Under accept-unregistered-redirect-uri, an unregistered redirect URI becomes the client's registered one. */
  function registeredRedirect(client: RegisteredClient, value: unknown): unknown {
    const registered = (client.metadata.redirect_uris as string[] | undefined) ?? [];
    return relaxed('accept-unregistered-redirect-uri') && typeof value === 'string' && !registered.includes(value) ? registered[0] : value;
  }

  /**
   * The client-authentication faults, at the token and PAR endpoints: a private_key_jwt assertion that oidc-provider
   * would refuse for the relaxed reason gets that reason put right and is re-signed with the fault signer, which is
   * registered for every client while a rewriting fault is on. The client is the one the assertion's sub, iss or the
   * client_id names whose keys verify its signature (any of them, under accept-client-assertion-bad-signature).
   */
  async function rewriteClientAuth(params: URLSearchParams): Promise<boolean> {
    const assertion = params.get('client_assertion');
    const now = Math.floor(Date.now() / 1000);
    const sign = (client: RegisteredClient, claims: JWTPayload) => {
      const signer = opts.signers[client.alg];
      return new SignJWT(claims).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey);
    };
    if (assertion === null) {
      const client = opts.clients.get(params.get('client_id') ?? '');
      if (!relaxed('accept-missing-client-assertion') || !client || client.metadata.token_endpoint_auth_method !== 'private_key_jwt' || params.has('client_secret')) return false;
      const id = params.get('client_id')!;
      params.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      params.set('client_assertion', await sign(client, { iss: id, sub: id, aud: opts.issuer, jti: randomBytes(16).toString('base64url'), iat: now, exp: now + 60 }));
      return true;
    }
    const decoded = decodeJws(assertion);
    if (!decoded) return false;
    const { header, claims } = decoded;
    const eddsa = EDDSA.includes(String(header.alg));
    if (header.alg === 'RS256' && !relaxed('accept-client-assertion-rs256')) return false;
    if (header.alg !== 'RS256' && !eddsa && !SERVER_SIGNING_ALGS.includes(String(header.alg))) return false;
    const named = [claims.sub, claims.iss, params.get('client_id')].filter((v): v is string => typeof v === 'string' && opts.clients.has(v));
    let clientId: string | undefined;
    for (const id of named) {
      if (await signedBy(opts.clients.get(id)!, assertion)) {
        clientId = id;
        break;
      }
    }
    const verified = clientId !== undefined;
    if (!verified && !relaxed('accept-client-assertion-bad-signature')) return false;
    clientId ??= named[0];
    if (!clientId) return false;
    const client = opts.clients.get(clientId)!;
    if (eddsa && !eddsaRelaxedFor(client, opts.relaxed)) return false;

    let changed = header.alg === 'RS256' || eddsa || !verified;
    const rewritten: JWTPayload = { ...claims };
    if (relaxed('client-assertion-sub-not-checked') && rewritten.sub !== clientId) rewritten.sub = clientId;
    if (relaxed('client-assertion-iss-not-checked') && rewritten.iss !== clientId) rewritten.iss = clientId;
    const accepted = [opts.issuer, `${opts.issuer}${opts.tokenPath}`, `${opts.issuer}${opts.parPath}`];
    const aud = rewritten.aud;
    if (relaxed('client-assertion-aud-not-checked') && !(Array.isArray(aud) ? aud.some((a) => accepted.includes(a)) : accepted.includes(String(aud)))) rewritten.aud = opts.issuer;
    if (relaxed('accept-expired-client-assertion') && typeof rewritten.exp === 'number' && rewritten.exp <= now) rewritten.exp = now + 60;
    if (relaxed('client-assertion-nbf-not-checked') && typeof rewritten.nbf === 'number' && rewritten.nbf > now + 15) rewritten.nbf = now;
    changed ||= JSON.stringify(rewritten) !== JSON.stringify(claims);
    if (relaxed('client-id-not-matched') && params.has('client_id') && params.get('client_id') !== clientId) {
      params.set('client_id', clientId);
      if (!changed) return true;
    }
    if (!changed) return false;
    params.set('client_assertion', await sign(client, rewritten));
    return true;
  }

  async function rewriteParams(params: URLSearchParams, path: string): Promise<boolean> {
    let changed = acceptPlainPkce && rewritePkce(params);
    if (path === opts.tokenPath || path === opts.parPath) changed = (await rewriteClientAuth(params)) || changed;
    if (path === opts.tokenPath) {
      const code = params.get('code');
      if (relaxed('token-redirect-uri-not-checked') && params.get('grant_type') === 'authorization_code' && code) {
        const issuedFor = await opts.codeRedirectUri(code);
        if (issuedFor !== undefined && params.get('redirect_uri') !== issuedFor) {
          params.set('redirect_uri', issuedFor);
          changed = true;
        }
      }
      if (opts.relaxed.has('pkce-verifier-not-checked') && params.get('grant_type') === 'authorization_code' && params.has('code_verifier')) {
        params.delete('code_verifier');
        return true;
      }
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
      const fixed = registeredRedirect(client, redirect);
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
    if (requests.length === 1) {
      const replacement = await rewriteRequestObject(requests[0]!, params.get('client_id'), params);
      if (replacement) {
        params.set('request', replacement);
        changed = true;
      }
    }
    return changed;
  }

  const relaxed = (f: RewriteFault) => opts.relaxed.has(f);
  const acceptPlainPkce = relaxed('accept-plain-pkce');

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

/** The whole body of a request, refusing (PayloadTooLargeError) more than MAX_BODY bytes. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new PayloadTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A fresh, unread copy of a request whose body was consumed here.
 *
 * oidc-provider would also take a pre-parsed `req.body`, but prints a warning
 * the first time it does (selective_body.js); handing it a readable request
 * keeps the server quiet and exercises the library's own body parser. The copy
 * shares the original socket, so the client certificate and `socket.authorized`
 * stay what the TLS handshake established.
 */
export function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const { 'transfer-encoding': _chunked, ...headers } = req.headers;
  copy.headers = { ...headers, 'content-length': String(body.length) };
  copy.rawHeaders = Object.entries(copy.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.flatMap((x) => [k, x]) : [k, String(v)]));
  copy.complete = true;
  // The body is queued up front; nothing must pull from the socket, which the HTTP parser owns.
  copy._read = () => undefined;
  copy.push(body);
  copy.push(null);
  return copy;
}
