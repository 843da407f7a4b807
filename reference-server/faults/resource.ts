/**
 * The protected resource the harness calls with its access tokens. It lives in
 * the AS process so that it can look opaque tokens up directly, and it checks
 * sender constraint itself because that is what FAPI requires of a resource
 * server (FAPI 2.0 SP §5.3.4, RFC 8705 §3, RFC 9449 §7) and what the
 * `ignore-*-binding` faults relax.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, EmbeddedJWK, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { AccessToken, Provider } from 'oidc-provider';
import { certificateThumbprint } from '../mtls';
import { SERVER_SIGNING_ALGS } from '../algorithms';
import { beginResourceAnswer, sendResourceJson } from './resource-response';
import { createTokenMemory } from './resource-token';

export const RESOURCE_PATH = '/resource/accounts';

const DPOP_ALGS = SERVER_SIGNING_ALGS;
/** RFC 9449 §11.1 leaves the window to the server; one minute each way absorbs clock skew without keeping proofs useful for long. */
const IAT_WINDOW_S = 60;

export interface ResourceOptions {
  provider: Provider;
  realm: string;
  /** The active faults; the resource reads its own (RESOURCE_FAULTS). */
  relaxed?: ReadonlySet<string>;
}

/** The resource's faults: its sender-constraint checks, and its DPoP checks by family (RFC 9449 4.3 and 7.1). */
export const RESOURCE_FAULTS = {
  'ignore-certificate-binding': 'the resource endpoint accepts certificate-bound tokens without comparing the client certificate',
  'ignore-dpop-binding': 'the resource endpoint accepts DPoP-bound tokens with a valid proof from any key',
  'resource-dpop-header-not-checked': 'the resource takes DPoP proofs with any typ, any alg (none and RS256 included), a private key in jwk, or no jwk (then the key is not compared with the token\'s)',
  'resource-dpop-signature-not-checked': 'the resource takes DPoP proofs whose signature does not verify',
  'resource-dpop-claims-not-checked': 'the resource takes DPoP proofs with missing or wrong htm, htu, iat, ath or jti',
  'resource-dpop-replay-allowed': 'the resource takes the same DPoP proof (jti) more than once',
  'resource-accepts-token-in-query': 'the resource takes the access token from an access_token query parameter (RFC 6750 2.3)',
  'resource-accepts-bearer-for-dpop': 'the resource serves a DPoP-bound token without a proof, under the Bearer scheme or the DPoP scheme',
} as const;
export type ResourceFault = keyof typeof RESOURCE_FAULTS;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly scheme: 'Bearer' | 'DPoP' | 'both',
    readonly error: string | undefined,
    readonly description: string,
  ) {
    super(description);
  }
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

/** Remembers DPoP proof ids for as long as their iat could still be accepted, which is all RFC 9449 §11.1 asks for. */
class ReplayCache {
  readonly #seen = new Map<string, number>();

  /** @returns false when the jti was already used. */
  add(jti: string, now: number): boolean {
    if (this.#seen.size > 1000) for (const [k, exp] of this.#seen) if (exp <= now) this.#seen.delete(k);
    const exp = this.#seen.get(jti);
    if (exp !== undefined && exp > now) return false;
    this.#seen.set(jti, now + 2 * IAT_WINDOW_S);
    return true;
  }
}

export function createResourceHandler(opts: ResourceOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const replay = new ReplayCache();
  const remembered = createTokenMemory(opts.relaxed ?? new Set());

  const relaxed = (f: ResourceFault) => opts.relaxed?.has(f) === true;

  /** The proof's claims and key, checked as strictly as the faults allow. */
  async function readProof(header: string): Promise<{ payload: JWTPayload; jwk: JWK | undefined }> {
    const laxHeader = relaxed('resource-dpop-header-not-checked');
    const laxSignature = relaxed('resource-dpop-signature-not-checked');
    const protectedHeader = decodeProtectedHeader(header);
    const holdsPrivateKey = !!protectedHeader.jwk && PRIVATE_JWK_MEMBERS.some((m) => m in protectedHeader.jwk!);
    if (!laxHeader && holdsPrivateKey) throw new Error('the jwk holds a private key');
    if (!laxHeader && !laxSignature) {
      const verified = await jwtVerify(header, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGS });
      return { payload: verified.payload, jwk: verified.protectedHeader.jwk };
    }
    if (!laxHeader && (protectedHeader.typ !== 'dpop+jwt' || !DPOP_ALGS.includes(String(protectedHeader.alg)) || !protectedHeader.jwk)) {
      throw new Error('bad DPoP proof header');
    }
    // Only the public members: a lax server that takes a private key in jwk still verifies with its public part.
    const jwk = protectedHeader.jwk ? (Object.fromEntries(Object.entries(protectedHeader.jwk).filter(([k]) => !PRIVATE_JWK_MEMBERS.includes(k))) as JWK) : undefined;
    if (!laxSignature && protectedHeader.alg !== 'none' && jwk) {
      await jwtVerify(header, await importJWK(jwk, String(protectedHeader.alg)), { algorithms: [String(protectedHeader.alg)] });
    }
    return { payload: decodeJwt(header), jwk };
  }

  async function verifyDpopProof(req: IncomingMessage, token: string): Promise<string | undefined> {
    const header = req.headers.dpop;
    if (typeof header !== 'string' || !header || header.includes(',')) {
      throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'exactly one DPoP proof header is required');
    }
    let payload;
    let jwk: JWK | undefined;
    try {
      ({ payload, jwk } = await readProof(header));
    } catch (e) {
      throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', `DPoP proof rejected: ${(e as Error).message}`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (!relaxed('resource-dpop-claims-not-checked')) checkClaims(req, payload, token, now);
    if (!relaxed('resource-dpop-replay-allowed') && typeof payload.jti === 'string' && !replay.add(payload.jti, now)) {
      throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'DPoP proof jti was already used');
    }
    return jwk ? calculateJwkThumbprint(jwk) : undefined;
  }

  function checkClaims(req: IncomingMessage, payload: JWTPayload, token: string, now: number): void {
    if (payload.htm !== req.method) throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'DPoP proof htm mismatch');
    // Like oidc-provider's own endpoints: the URL as the client addressed it (Host header), without query and fragment.
    const expected = URL.parse(req.url ?? '/', `https://${req.headers.host ?? ''}`);
    const htu = typeof payload.htu === 'string' ? URL.parse(payload.htu) : null;
    for (const u of [expected, htu]) {
      if (u) {
        u.search = '';
        u.hash = '';
      }
    }
    if (!expected || htu?.href !== expected.href) throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'DPoP proof htu mismatch');
    if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > IAT_WINDOW_S) {
      throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'DPoP proof iat is missing or not recent');
    }
    if (payload.ath !== createHash('sha256').update(token).digest('base64url')) {
      throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'DPoP proof ath does not match the access token');
    }
    if (typeof payload.jti !== 'string' || !payload.jti) throw new Refusal(401, 'DPoP', 'invalid_dpop_proof', 'DPoP proof has no jti');
  }

  async function authorize(req: IncomingMessage): Promise<AccessToken> {
    let authorization = req.headers.authorization;
    if (!authorization && relaxed('resource-accepts-token-in-query')) {
      const fromQuery = URL.parse(req.url ?? '/', 'https://resource.invalid')?.searchParams.get('access_token');
      const found = fromQuery ? await opts.provider.AccessToken.find(fromQuery) : undefined;
      if (fromQuery) authorization = `${found?.jkt ? 'DPoP' : 'Bearer'} ${fromQuery}`;
    }
    if (!authorization) throw new Refusal(401, 'both', undefined, 'no access token provided');
    const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
    if (!match) throw new Refusal(400, 'both', 'invalid_request', 'malformed Authorization header');
    const scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const value = match[2]!;

    const found = await opts.provider.AccessToken.find(value);
    if (found) remembered.remember(value, found);
    const token = found ?? remembered.recall(value);
    if (!token) throw new Refusal(401, scheme, 'invalid_token', 'access token is invalid, expired or revoked');

    if (token.jkt) {
      if (relaxed('resource-accepts-bearer-for-dpop') && (scheme !== 'DPoP' || req.headers.dpop === undefined)) return token;
      if (scheme !== 'DPoP') {
        throw new Refusal(401, 'DPoP', 'invalid_token', 'DPoP-bound access token must be presented with the DPoP scheme and a proof');
      }
      const thumbprint = await verifyDpopProof(req, value);
      // Under resource-dpop-header-not-checked a proof without a jwk has no key to compare.
      const unkeyed = thumbprint === undefined && relaxed('resource-dpop-header-not-checked');
      if (!relaxed('ignore-dpop-binding') && !unkeyed && thumbprint !== token.jkt) {
        throw new Refusal(401, 'DPoP', 'invalid_token', 'DPoP proof key does not match the key the access token is bound to');
      }
      return token;
    }
    if (scheme === 'DPoP') throw new Refusal(401, 'DPoP', 'invalid_token', 'access token is not DPoP-bound');

    const bound = token['x5t#S256'];
    if (bound) {
      if (!relaxed('ignore-certificate-binding')) {
        const cert = (req.socket as TLSSocket).getPeerX509Certificate();
        if (!cert) throw new Refusal(401, 'Bearer', 'invalid_token', 'certificate-bound access token presented without a client certificate');
        if (certificateThumbprint(cert) !== bound) {
          throw new Refusal(401, 'Bearer', 'invalid_token', 'client certificate does not match the certificate the access token is bound to');
        }
      }
      return token;
    }
    throw new Refusal(401, 'Bearer', 'invalid_token', 'access token is not sender-constrained');
  }

  function challenge(scheme: 'Bearer' | 'DPoP', error: string | undefined, description: string): string {
    const params = [`realm=${quote(opts.realm)}`];
    if (error) params.push(`error=${quote(error)}`, `error_description=${quote(description)}`);
    if (scheme === 'DPoP') params.push(`algs=${quote(DPOP_ALGS.join(' '))}`);
    return `${scheme} ${params.join(', ')}`;
  }

  return async function handleResource(req, res) {
    const relaxedAll = opts.relaxed ?? new Set<string>();
    res.setHeader('Cache-Control', 'no-store');
    if (!beginResourceAnswer(req, res, relaxedAll)) return;
    if (req.method !== 'GET') {
      sendResourceJson(res, 405, { error: 'invalid_request', error_description: 'only GET is supported' }, relaxedAll, { Allow: 'GET' });
      return;
    }
    try {
      const token = await authorize(req);
      // Not ASCII only, so that the encoding of the answer shows (FAPI 1.0 Part 1 6.2.1-8).
      sendResourceJson(res, 200, { sub: token.accountId, accounts: [{ id: '1', name: 'Everyday', currency: 'EUR', description: 'Girokonto für den Alltag' }] }, relaxedAll);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      const schemes: ('Bearer' | 'DPoP')[] = e.scheme === 'both' ? ['Bearer', 'DPoP'] : [e.scheme];
      res.setHeader('WWW-Authenticate', schemes.map((s) => challenge(s, e.error, e.description)));
      // RFC 6750 §3.1: no error code when the request carried no credentials at all.
      sendResourceJson(res, e.status, e.error ? { error: e.error, error_description: e.description } : { error_description: e.description }, relaxedAll);
    }
  };
}
