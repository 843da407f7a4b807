import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { HarnessError } from './errors';

/** A signing key of the client, ready for jose. */
export interface SigningKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

export function publicPart(jwk: JWK): JWK {
  const pub: JWK = { ...jwk };
  for (const m of PRIVATE_MEMBERS) delete (pub as Record<string, unknown>)[m];
  return pub;
}

/** Loads the first signing key of a private JWKS file. */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let jwks: { keys?: JWK[] };
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8')) as { keys?: JWK[] };
  } catch (cause) {
    throw new HarnessError(`cannot read the private JWKS ${path}: ${(cause as Error).message}`, {
      cause,
      hint: 'run `npm run setup` to generate the test keys, or fix the path in the target configuration',
    });
  }
  const jwk = jwks.keys?.find((k) => (k.use ?? 'sig') === 'sig' && k.d !== undefined);
  if (!jwk) throw new HarnessError(`the JWKS ${path} holds no private signing key`, { hint: 'put a private JWK with "use": "sig" and an "alg" in it' });
  const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : jwk.kty === 'OKP' ? 'EdDSA' : 'PS256');
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey;
  const key: SigningKey = { alg, kid, privateKey, publicJwk: { ...publicPart(jwk), alg, kid, use: 'sig' } };
  privateJwks.set(key, jwk);
  return key;
}

/**
 * The client's Ed25519 key, when its private JWKS holds one besides the key it signs with: the key for the checks
 * that a FAPI 1.0 AS refuses EdDSA from a client whose Ed25519 key it knows. Undefined when there is none.
 */
export async function loadEd25519Key(path: string): Promise<SigningKey | undefined> {
  let jwks: { keys?: JWK[] };
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8')) as { keys?: JWK[] };
  } catch (cause) {
    throw new HarnessError(`cannot read the private JWKS ${path}: ${(cause as Error).message}`, { cause });
  }
  const jwk = jwks.keys?.find((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && (k.use ?? 'sig') === 'sig' && k.d !== undefined);
  if (!jwk) return undefined;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  const privateKey = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
  return { alg: 'EdDSA', kid, privateKey, publicJwk: { ...publicPart(jwk), alg: 'EdDSA', kid, use: 'sig' } };
}

/** The private JWK behind each loaded key, kept out of the SigningKey object so that it can never be serialised with it. */
const privateJwks = new WeakMap<SigningKey, JWK>();

/**
 * The same key under another algorithm of its type (e.g. an RSA key for RS256 instead of PS256), for tests that must
 * sign with the client's own key but a forbidden algorithm. Undefined when the key does not fit the algorithm.
 */
export async function withAlgorithm(key: SigningKey, alg: string): Promise<SigningKey | undefined> {
  const jwk = privateJwks.get(key);
  const rsa = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  if (!jwk || (jwk.kty === 'RSA') !== rsa.includes(alg)) return undefined;
  const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey;
  return { alg, kid: key.kid, privateKey, publicJwk: { ...key.publicJwk, alg } };
}

/** A fresh key pair, e.g. for DPoP proofs or for a "wrong key" tampering. */
export async function generateSigningKey(alg: 'ES256' | 'PS256' | 'RS256' = 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { alg, kid, privateKey, publicJwk: { ...publicJwk, alg, kid, use: 'sig' } };
}
