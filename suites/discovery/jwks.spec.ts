import { checks, ConformanceFailure, faultTag, perProfile, R, shortRsaKeys, test } from '../../fixtures';

/**
 * The AS's JWK set (jwks_uri), as the worker fetched it. RSA keys shorter than 2048 bits are forbidden by FAPI 2.0 SP
 * 5.4.1 and FAPI 1.0 Part 1 5.2.2, and by RFC 7518 (3.3, 3.5, 4.3) for every JOSE algorithm an RSA key can serve: such
 * a key cannot be used correctly by any client, FAPI or not, so publishing one is judged, not only signing with it.
 */
test.describe("the AS's keys", () => {
  test('every RSA key of the JWK set has at least 2048 bits', { tag: ['@negative', faultTag('jwks-short-rsa-key')] }, async ({ harness }) => {
    const clause = perProfile(harness.variant, { 'fapi2-sp': R.fapi2RsaKeyLength, 'fapi2-ms': R.fapi2RsaKeyLength, 'fapi1-adv': R.fapi1RsaKeyLength });
    checks(clause);
    const short = shortRsaKeys(harness.asKeys as { keys: Record<string, unknown>[] });
    test.info().annotations.push({ type: 'outcome', description: short.length ? short.join('; ') : `${harness.asKeys.keys.filter((k) => k.kty === 'RSA').length} RSA keys, none shorter than 2048 bits` });
    if (short.length) throw new ConformanceFailure(clause, 'RSA keys of 2048 bits or more in the JWK set', short.join('; '));
  });
});
