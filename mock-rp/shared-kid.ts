/**
 * A client JWK set whose two keys share one kid, for the rule that a verifier picks among such keys by their other
 * members (FAPI 2.0 SP 5.4.3, FAPI 1.0 Advanced 8.11): the client's own signing key and a decoy of another key type,
 * in either order. An AS that takes the first key under a kid (a search by kid alone) finds the decoy when it comes
 * first; one that keeps the last (a table by kid, a later key overwriting an earlier one) finds it when it comes last.
 * The decoy cannot verify what the client signs.
 */
import type { JWK } from 'jose';
import { generateSigningKey, publicPart } from './keys';

/** The key type each algorithm a decoy may carry needs. */
const DECOY_KTY = { ES256: 'EC', PS256: 'RSA' } as const;
export type DecoyAlg = keyof typeof DECOY_KTY;

/**
 * The decoy's algorithm: one the profile allows (`allowed`), whose key type differs from the client key's (so that kty
 * and alg alone tell the two apart), and which every list the AS advertises for the JWTs at stake names (an undefined
 * list sets no bound). Undefined when none fits.
 */
export function decoyAlgFor(ownKty: string, allowed: readonly string[], advertised: readonly unknown[]): DecoyAlg | undefined {
  const lists = advertised.filter((l): l is unknown[] => Array.isArray(l));
  return (Object.keys(DECOY_KTY) as DecoyAlg[]).find((alg) => DECOY_KTY[alg] !== ownKty && allowed.includes(alg) && lists.every((l) => l.includes(alg)));
}

export interface SharedKidKeySet {
  /** The JWK set to register: the decoy and the client's key in the order asked, both public, both under the client
   * key's kid. */
  jwks: { keys: JWK[] };
  decoy: JWK;
  own: JWK;
}

/** The set for a client key (public, with kid and alg): a fresh decoy of `decoyAlg` under the same kid, placed first
 * or last. The decoy's private half is dropped: nothing is ever signed with it. */
export async function keySetSharingKid(own: JWK, decoyAlg: DecoyAlg, decoyAt: 'first' | 'last'): Promise<SharedKidKeySet> {
  const fresh = await generateSigningKey(decoyAlg);
  const decoy: JWK = { ...publicPart(fresh.publicJwk), kid: own.kid, alg: decoyAlg, use: 'sig' };
  const ownPublic = publicPart(own);
  return { jwks: { keys: decoyAt === 'first' ? [decoy, ownPublic] : [ownPublic, decoy] }, decoy, own: ownPublic };
}
