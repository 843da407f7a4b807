/** Checks on the AS's published keys (its JWK set at jwks_uri). Pure: no I/O. */

/** The length in bits of an RSA modulus given as base64url (RFC 7518 6.3.1.1), leading zero octets ignored. */
export function rsaModulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url');
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i += 1;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/**
 * The RSA keys of a JWK set shorter than `minBits` (FAPI 2.0 SP 5.4.1, FAPI 1.0 Part 1 5.2.2: 2048), one line each; an
 * RSA key without a modulus counts as one. Keys of other types are not judged here.
 */
export function shortRsaKeys(jwks: { keys?: readonly Record<string, unknown>[] }, minBits = 2048): string[] {
  return (jwks.keys ?? [])
    .filter((k) => k.kty === 'RSA')
    .flatMap((k) => {
      const name = `RSA key ${typeof k.kid === 'string' ? `"${k.kid}"` : '(no kid)'}`;
      if (typeof k.n !== 'string') return [`${name} has no modulus`];
      const bits = rsaModulusBits(k.n);
      return bits < minBits ? [`${name} has ${bits} bits`] : [];
    });
}

/** How a key reads in a message: its type, use and algorithm as published. */
function keyLabel(k: Record<string, unknown>): string {
  return [k.kty, k.crv, k.use, k.alg].filter((v) => typeof v === 'string').join(' ') || 'a key without kty';
}

/**
 * The kid values that more than one key of a JWK set carries (FAPI 2.0 SP 5.4.2, FAPI 1.0 Advanced 8.9: a JWK set
 * should not hold several keys with the same kid), one line each naming the keys. Keys without a kid are not compared.
 */
export function repeatedKids(jwks: { keys?: readonly Record<string, unknown>[] }): string[] {
  const byKid = new Map<string, Record<string, unknown>[]>();
  for (const k of jwks.keys ?? []) {
    if (typeof k.kid !== 'string') continue;
    byKid.set(k.kid, [...(byKid.get(k.kid) ?? []), k]);
  }
  return [...byKid].filter(([, keys]) => keys.length > 1).map(([kid, keys]) => `kid "${kid}" on ${keys.length} keys (${keys.map(keyLabel).join('; ')})`);
}
