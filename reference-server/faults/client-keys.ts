/**
 * How the server picks the client key that verifies a client JWT, and the fault that picks it by kid alone.
 *
 * When a client's JWK set holds several keys under one kid, the verifier must choose among them by their other members
 * (kty, alg, use, crv), FAPI 2.0 SP 5.4.3 and FAPI 1.0 Advanced 8.11. oidc-provider does: its key store derives kty
 * and crv from the JWS alg and filters on them, on alg and on use, before it compares kid. Each fault adds, after
 * oidc-provider's own verification, a second one with a single key of the client's registered JWK set under the JWT's
 * kid, whatever its type: the first (a search by kid alone) or the last (a table of keys by kid, where a later key
 * overwrites an earlier one). A JWT signed by another key under a shared kid is then refused; a client whose keys have
 * distinct kids (every static client) is not affected.
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

/** The first or the last key of the client's registered JWK set (by value) under the JWS's kid; undefined when the
 * JWS names no kid or the client registered no such key by value. */
export function keyForKid(jws: string, keys: readonly Jwk[], pick: 'first' | 'last'): Jwk | undefined {
  let kid: unknown;
  try {
    kid = (JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;
  } catch {
    return undefined;
  }
  if (typeof kid !== 'string') return undefined;
  const matching = keys.filter((k) => k.kid === kid);
  return pick === 'first' ? matching[0] : matching.at(-1);
}

/** Verifies `jws` once more with the one key its kid picks; throws `refuse` when that key does not verify it. */
function checkWithKeyForKid(pick: 'first' | 'last', ctx: KoaContextWithOIDC, jws: unknown, refuse: (description: string) => Error): void {
  const keys = (ctx.oidc.client as unknown as { jwks?: { keys?: Jwk[] } } | undefined)?.jwks?.keys;
  if (typeof jws !== 'string' || !keys?.length) return;
  const key = keyForKid(jws, keys, pick);
  if (key && !jwsVerifiesWith(jws, key)) throw refuse('signature does not verify with the client key of this kid');
}

/** The hooks of one fault: client assertions and request objects (params.request is the decrypted JWS by then, and
 * the request object hook runs before oidc-provider verifies it). */
function keyForKidHooks(pick: 'first' | 'last'): Pick<Fault, 'clientAssertion' | 'requestObject'> {
  return {
    clientAssertion: (ctx, _claims, server) => checkWithKeyForKid(pick, ctx, ctx.oidc.params?.client_assertion, (d) => new server.errors.InvalidClientAuth(d)),
    requestObject: (ctx, _claims, server) => checkWithKeyForKid(pick, ctx, ctx.oidc.params?.request, (d) => new server.errors.InvalidRequestObject(d)),
  };
}

export const CLIENT_KEY_FAULTS = {
  'client-key-first-for-kid': {
    relaxes: 'client JWTs (client assertions, request objects) are verified with the first key of the client\'s JWK set under their kid, whatever its kty or alg, so a JWT signed by a later key sharing that kid is refused',
    ...keyForKidHooks('first'),
  },
  'client-key-last-for-kid': {
    relaxes: 'client JWTs (client assertions, request objects) are verified with the last key of the client\'s JWK set under their kid (a later key overwrites an earlier one), whatever its kty or alg, so a JWT signed by an earlier key sharing that kid is refused',
    ...keyForKidHooks('last'),
  },
} satisfies Record<string, Fault>;
