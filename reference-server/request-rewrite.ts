/**
 * Faults that oidc-provider has no configuration knob for: it refuses
 * `alg: none` request objects and any PKCE method but S256 in code that cannot
 * be reached from outside. The server therefore turns such a request, before
 * oidc-provider sees it, into one it accepts and that leads to the same
 * outcome for the client: an unsigned request object is re-signed with a key
 * only the server holds (registered for every client while the fault is on),
 * and a plain PKCE challenge c becomes the S256 challenge of c, so that the
 * token endpoint's S256 check passes for code_verifier = c.
 */
import { createHash } from 'node:crypto';
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

export interface RewriteOptions {
  acceptUnsignedRequestObject: boolean;
  acceptPlainPkce: boolean;
  clients: Map<string, RegisteredClient>;
  signers: Record<'PS256' | 'ES256', FaultSigner>;
  /** Paths of the endpoints that take authorization request parameters. */
  paths: string[];
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

function rewritePkce(params: { get(k: string): unknown; set(k: string, v: string): void }): boolean {
  const challenge = params.get('code_challenge');
  if (params.get('code_challenge_method') !== 'plain' || typeof challenge !== 'string' || !challenge) return false;
  params.set('code_challenge_method', 'S256');
  params.set('code_challenge', s256(challenge));
  return true;
}

export function createRequestRewriter(opts: RewriteOptions): (req: IncomingMessage, url: URL) => Promise<IncomingMessage> {
  async function rewriteRequestObject(jwt: string, outerClientId: string | null): Promise<string | undefined> {
    if (jwt.split('.').length !== 3) return undefined; // encrypted or malformed: left for oidc-provider to judge
    let alg: string | undefined;
    let claims: JWTPayload;
    try {
      alg = decodeProtectedHeader(jwt).alg;
      claims = decodeJwt(jwt);
    } catch {
      return undefined;
    }
    const clientId = outerClientId ?? (typeof claims.client_id === 'string' ? claims.client_id : claims.iss);
    const client = clientId ? opts.clients.get(clientId) : undefined;
    if (!client) return undefined;

    if (alg === 'none') {
      if (!opts.acceptUnsignedRequestObject) return undefined;
    } else {
      if (!opts.acceptPlainPkce || claims.code_challenge_method !== 'plain') return undefined;
      // Re-signing is vouching for the content: only do it for what the client really signed.
      try {
        await compactVerify(jwt, createLocalJWKSet(client.publicJwks), { algorithms: ['PS256', 'ES256'] });
      } catch {
        return undefined;
      }
    }

    const rewritten: Record<string, unknown> = { ...claims };
    if (opts.acceptPlainPkce) {
      rewritePkce({ get: (k) => rewritten[k], set: (k, v) => (rewritten[k] = v) });
    }
    const signer = opts.signers[client.alg];
    const header = decodeProtectedHeader(jwt);
    return new SignJWT(rewritten as JWTPayload)
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...(header.typ ? { typ: header.typ } : {}) })
      .sign(signer.privateKey);
  }

  async function rewriteParams(params: URLSearchParams): Promise<boolean> {
    let changed = opts.acceptPlainPkce && rewritePkce(params);
    const requests = params.getAll('request');
    if (requests.length === 1) {
      const replacement = await rewriteRequestObject(requests[0]!, params.get('client_id'));
      if (replacement) {
        params.set('request', replacement);
        changed = true;
      }
    }
    return changed;
  }

  return async function rewrite(req, url) {
    if (!opts.paths.includes(url.pathname)) return req;

    if (req.method === 'GET' || req.method === 'HEAD') {
      const params = new URLSearchParams(url.search);
      if (await rewriteParams(params)) req.url = `${url.pathname}?${params.toString()}`;
      return req;
    }

    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (req.method !== 'POST' || type !== 'application/x-www-form-urlencoded') return req;

    const original = await readBody(req);
    const params = new URLSearchParams(original.toString('utf8'));
    const body = (await rewriteParams(params)) ? Buffer.from(params.toString(), 'utf8') : original;
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
