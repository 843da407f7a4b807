/**
 * The JWS algorithms each FAPI profile lets a client and the AS use, defined once: the discovery judgement, the
 * registration metadata, the checks of what the AS signs and the live algorithm refusals all read them from here.
 */
import type { Profile } from '../shared/variants';

/** FAPI 1.0 Advanced 8.6: PS256 or ES256. */
const FAPI1_SIGNING_ALGS = ['PS256', 'ES256'] as const;
/** FAPI 2.0 Security Profile 5.4.1 (and Message Signing, which builds on it): PS256, ES256, or EdDSA with Ed25519. */
const FAPI2_SIGNING_ALGS = ['PS256', 'ES256', 'EdDSA'] as const;

/** Every algorithm some FAPI profile allows, in the order the mock RP prefers them. */
export const FAPI_SIGNING_ALGS = FAPI2_SIGNING_ALGS;

/** The algorithms a client of the profile may sign with and the AS may sign with for it. */
export function signingAlgsFor(profile: Profile): readonly string[] {
  return profile === 'fapi1-adv' ? FAPI1_SIGNING_ALGS : FAPI2_SIGNING_ALGS;
}

/**
 * What a JWS header may name when any FAPI profile's algorithm is acceptable: RFC 9864 gives EdDSA with Ed25519 the
 * fully specified name "Ed25519", which an AS may write instead of "EdDSA".
 */
export const JWS_HEADER_ALGS: readonly string[] = [...FAPI_SIGNING_ALGS, 'Ed25519'];
