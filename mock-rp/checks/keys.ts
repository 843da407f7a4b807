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
