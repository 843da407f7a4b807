/** What the rewriters share: the server's fault signers, reading a compact JWS, and telling who signed it. */
import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { SERVER_SIGNING_ALGS } from '../../algorithms';
import type { RegisteredClient } from '../../clients';

export interface FaultSigner {
  alg: 'PS256' | 'ES256';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** The keys the server re-signs with; their public halves are registered for every client while a rewriting fault is on. */
export async function createFaultSigners(): Promise<Record<'PS256' | 'ES256', FaultSigner>> {
  const make = async (alg: 'PS256' | 'ES256'): Promise<FaultSigner> => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const kid = `reference-as-fault-signer-${alg.toLowerCase()}`;
    return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  };
  const [ps, es] = await Promise.all([make('PS256'), make('ES256')]);
  return { PS256: ps, ES256: es };
}

/** EdDSA under its two names (RFC 9864 gives Ed25519 a fully specified one). */
export const EDDSA = ['EdDSA', 'Ed25519'];

/** Header and claims of a compact JWS, or undefined when it is not one. */
export function decodeJws(jwt: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload } | undefined {
  try {
    return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
  } catch {
    return undefined;
  }
}

/** Whether one of the client's registered keys verifies the JWS (RS256 and EdDSA included: their faults need to tell). */
export function signedBy(client: RegisteredClient, jwt: string): Promise<boolean> {
  const keys = { keys: client.publicJwks.keys.map(({ alg: _alg, ...k }) => k) };
  return compactVerify(jwt, createLocalJWKSet(keys), { algorithms: [...SERVER_SIGNING_ALGS, 'RS256', ...EDDSA] }).then(() => true, () => false);
}

/** A plain PKCE challenge c becomes the S256 challenge of c (accept-plain-pkce), so that code_verifier = c passes. */
export function rewritePkce(params: { get(k: string): unknown; set(k: string, v: string): void }): boolean {
  const challenge = params.get('code_challenge');
  if (params.get('code_challenge_method') !== 'plain' || typeof challenge !== 'string' || !challenge) return false;
  params.set('code_challenge_method', 'S256');
  params.set('code_challenge', createHash('sha256').update(challenge).digest('base64url'));
  return true;
}
