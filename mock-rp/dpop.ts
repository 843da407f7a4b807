import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, importJWK } from 'jose';
import { generateSigningKey, type SigningKey } from './keys';
import { corruptSignature } from './request-object';

/** Deliberate violations of a DPoP proof (RFC 9449 4.2, 4.3) a negative test may ask for; time claims are dated, never waited for. */
export interface DpopProofTamper {
  /** Claims left out: 'htm', 'htu', 'iat', 'ath', 'jti'. */
  omitClaims?: string[];
  /** Claims replaced or added, from the current time in seconds, e.g. (now) => ({ iat: now - 3600 }). */
  claims?: (now: number) => Record<string, unknown>;
  /** typ other than dpop+jwt, or null to leave it out. */
  typ?: string | null;
  /** No jwk in the header. */
  omitJwk?: boolean;
  /** The private key's JWK (with d) in the header instead of the public one. */
  privateJwk?: boolean;
  /** 'none': unsigned; 'RS256': signed with RS256 by the proof key if it is an RSA key, else by a fresh RSA key. */
  alg?: 'none' | 'RS256';
  /** Flip a bit of the signature. */
  corruptSignature?: boolean;
}

/** RFC 9449 4.2: a DPoP proof for one request. */
export async function createDpopProof(opts: {
  key: SigningKey;
  htm: string;
  htu: string;
  nonce?: string;
  accessToken?: string;
  iat?: number;
  tamper?: DpopProofTamper;
}): Promise<string> {
  const url = new URL(opts.htu);
  url.search = '';
  url.hash = '';
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { jti: randomUUID(), htm: opts.htm, htu: url.toString(), iat: opts.iat ?? now };
  if (opts.nonce) claims.nonce = opts.nonce;
  if (opts.accessToken) claims.ath = createHash('sha256').update(opts.accessToken).digest('base64url');
  const t = opts.tamper ?? {};
  for (const k of t.omitClaims ?? []) delete claims[k];
  Object.assign(claims, t.claims?.(now));
  const key = t.alg === 'RS256' ? await asRs256(opts.key) : opts.key;
  const { kid: _kid, use: _use, alg: _alg, ...publicJwk } = key.publicJwk;
  const jwk = t.privateJwk ? await exportJWK(key.privateKey) : publicJwk;
  const header: Record<string, unknown> = { typ: t.typ === undefined ? 'dpop+jwt' : t.typ, alg: t.alg === 'none' ? 'none' : key.alg, ...(t.omitJwk ? {} : { jwk }) };
  if (header.typ === null) delete header.typ;
  if (t.alg === 'none') {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    return `${enc(header)}.${enc(claims)}.`;
  }
  const jws = await new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
  return t.corruptSignature ? corruptSignature(jws) : jws;
}

export function dpopThumbprint(key: SigningKey): Promise<string> {
  const { kid: _kid, use: _use, alg: _alg, ...jwk } = key.publicJwk;
  return calculateJwkThumbprint(jwk);
}

/**
 * Two proofs where RFC 9449 4.3 allows one: in one header line, comma-separated (what a server reads when it joins
 * repeated lines, RFC 9110 5.3), or as two DPoP header lines (the header is then an array, one line each).
 */
export type TwoDpopProofs = 'one-line' | 'two-lines';

export function twoDpopProofs(first: string, second: string, shape: TwoDpopProofs): string | string[] {
  return shape === 'one-line' ? `${first}, ${second}` : [first, second];
}

/** The DPoP state of one client instance: its proof key and the last nonce each server handed out (RFC 9449 8). */
export class DpopSession {
  readonly #nonces = new Map<string, string>();
  constructor(readonly key: SigningKey) {}

  nonceFor(url: string): string | undefined {
    return this.#nonces.get(new URL(url).origin);
  }

  rememberNonce(url: string, nonce: string | undefined): void {
    if (nonce) this.#nonces.set(new URL(url).origin, nonce);
  }

  proof(htm: string, htu: string, accessToken?: string, tamper?: DpopProofTamper): Promise<string> {
    const nonce = this.nonceFor(htu);
    return createDpopProof({ key: this.key, htm, htu, ...(nonce ? { nonce } : {}), ...(accessToken ? { accessToken } : {}), ...(tamper ? { tamper } : {}) });
  }
}

/** The same RSA key for RS256 (a generated key is extractable), or a fresh RSA key when the proof key is not RSA. */
async function asRs256(key: SigningKey): Promise<SigningKey> {
  if (key.publicJwk.kty !== 'RSA') return generateSigningKey('RS256');
  const privateKey = (await importJWK({ ...(await exportJWK(key.privateKey)), alg: 'RS256' }, 'RS256')) as CryptoKey;
  return { ...key, alg: 'RS256', privateKey, publicJwk: { ...key.publicJwk, alg: 'RS256' } };
}
