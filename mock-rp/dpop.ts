import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint } from 'jose';
import type { SigningKey } from './keys';

/** RFC 9449 4.2: a DPoP proof for one request. */
export async function createDpopProof(opts: {
  key: SigningKey;
  htm: string;
  htu: string;
  nonce?: string;
  accessToken?: string;
  iat?: number;
}): Promise<string> {
  const url = new URL(opts.htu);
  url.search = '';
  url.hash = '';
  const claims: Record<string, unknown> = { jti: randomUUID(), htm: opts.htm, htu: url.toString() };
  if (opts.nonce) claims.nonce = opts.nonce;
  if (opts.accessToken) claims.ath = createHash('sha256').update(opts.accessToken).digest('base64url');
  const { kid: _kid, use: _use, alg: _alg, ...jwk } = opts.key.publicJwk;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: opts.key.alg, jwk })
    .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000))
    .sign(opts.key.privateKey);
}

export function dpopThumbprint(key: SigningKey): Promise<string> {
  const { kid: _kid, use: _use, alg: _alg, ...jwk } = key.publicJwk;
  return calculateJwkThumbprint(jwk);
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

  proof(htm: string, htu: string, accessToken?: string): Promise<string> {
    const nonce = this.nonceFor(htu);
    return createDpopProof({ key: this.key, htm, htu, ...(nonce ? { nonce } : {}), ...(accessToken ? { accessToken } : {}) });
  }
}
