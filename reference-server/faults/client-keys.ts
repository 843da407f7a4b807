/**
 * How the server picks the client key that verifies a client JWT, and the fault that picks it by kid alone.
 *
 * When a client's JWK set holds several keys under one kid, the verifier must choose among them by their other members
 * (kty, alg, use, crv), FAPI 2.0 SP 5.4.3 and FAPI 1.0 Advanced 8.11. oidc-provider does: its key store derives kty
 * and crv from the JWS alg and filters on them, on alg and on use, before it compares kid. The fault adds, after
 * oidc-provider's own verification, a second one with the first key of the client's registered JWK set whose kid is the
 * JWT's, whatever its type, as a server that looks keys up by kid only would do. A JWT signed by a later key under a
 * shared kid is then refused; a client whose keys have distinct kids (every static client) is not affected.
 */
import { createPublicKey, constants, verify, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Fault } from './hooks';

type Jwk = Record<string, unknown>;

/** Whether a compact JWS verifies with this JWK, for the algorithm its header names. False when the key cannot serve
 * that algorithm at all (an EC key for PS256), as a lookup by kid alone would find out. */
export function jwsVerifiesWith(jws: string, jwk: Jwk): boolean {
  const [h, p, s] = jws.split('.');
  if (h === undefined || p === undefined || s === undefined) return false;
  let alg: unknown;
  let key: KeyObject;
  try {
    alg = (JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    key = createPublicKey({ key: jwk, format: 'jwk' } as JsonWebKeyInput);
  } catch {
    return false;
  }
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  try {
    switch (alg) {
      case 'PS256':
        return key.asymmetricKeyType === 'rsa' && verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
      case 'RS256':
        return key.asymmetricKeyType === 'rsa' && verify('sha256', data, key, signature);
      case 'ES256':
        return key.asymmetricKeyType === 'ec' && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case 'EdDSA':
      case 'Ed25519':
        return key.asymmetricKeyType === 'ed25519' && verify(null, data, key, signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** The first key of the client's registered JWK set (by value) under the JWS's kid; undefined when the JWS names no
 * kid or the client registered no such key by value. */
export function firstKeyForKid(jws: string, keys: readonly Jwk[]): Jwk | undefined {
  let kid: unknown;
  try {
    kid = (JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;
  } catch {
    return undefined;
  }
  return typeof kid === 'string' ? keys.find((k) => k.kid === kid) : undefined;
}

/** Verifies `jws` once more with the first key under its kid; throws `refuse` when that key does not verify it. */
function checkWithFirstKeyForKid(ctx: KoaContextWithOIDC, jws: unknown, refuse: (description: string) => Error): void {
  const keys = (ctx.oidc.client as unknown as { jwks?: { keys?: Jwk[] } } | undefined)?.jwks?.keys;
  if (typeof jws !== 'string' || !keys?.length) return;
  const first = firstKeyForKid(jws, keys);
  if (first && !jwsVerifiesWith(jws, first)) throw refuse('signature does not verify with the client key of this kid');
}

export const CLIENT_KEY_FAULTS = {
  'client-key-by-kid-only': {
    relaxes: 'client JWTs (client assertions, request objects) are verified with the first key of the client\'s JWK set under their kid, whatever its kty or alg, so a JWT signed by a later key sharing that kid is refused',
    clientAssertion: (ctx, _claims, server) => checkWithFirstKeyForKid(ctx, ctx.oidc.params?.client_assertion, (d) => new server.errors.InvalidClientAuth(d)),
    // Runs before oidc-provider verifies the request object; params.request is then the (decrypted) JWS.
    requestObject: (ctx, _claims, server) => checkWithFirstKeyForKid(ctx, ctx.oidc.params?.request, (d) => new server.errors.InvalidRequestObject(d)),
  },
} satisfies Record<string, Fault>;
