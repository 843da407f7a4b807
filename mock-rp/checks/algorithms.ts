/**
 * What the `*_signing_alg_values_supported` lists of a discovery document say about one profile. An AS serves one
 * discovery document to all its clients, FAPI or not, of every profile it hosts: FAPI restricts what a FAPI client
 * uses and what the AS accepts from it (checked live, by signing with a forbidden algorithm), not what the document
 * may list for others. A list the AS publishes must still hold an algorithm the profile allows, or a client of the
 * profile has nothing it may use.
 */

export interface OfferedSigningAlgs {
  /** The list is present but names no algorithm the profile allows: a client of the profile can use none. */
  noneAllowed: boolean;
  /** Algorithms beyond the profile's, offered (one may suppose) to other clients. */
  extra: string[];
}

/**
 * Judges one `*_signing_alg_values_supported` member; undefined when the document leaves it out (RFC 8414 2 makes
 * these lists optional, and another check judges the members a profile relies on).
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.4.1
 * @see https://openid.net/specs/openid-financial-api-part-2-1_0.html#section-8.6
 */
export function checkOfferedSigningAlgs(value: unknown, allowed: readonly string[]): OfferedSigningAlgs | undefined {
  if (value === undefined) return undefined;
  const offered = Array.isArray(value) ? value.map(String) : [];
  return { noneAllowed: !offered.some((a) => allowed.includes(a)), extra: offered.filter((a) => !allowed.includes(a)) };
}
