import { checks, ConformanceFailure, decodeJwtOrFail, ensureNoKeyUrlHeaders, faultTag, keyUrlHeaders, obtainTokens, perProfile, R, repeatedKids, shortRsaKeys, test } from '../../fixtures';

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

  /**
   * FAPI 2.0 SP 5.4.2 and FAPI 1.0 Advanced 8.9 recommend (should) that a JWK set holds no two keys with the same kid:
   * a warning, a failure in strict mode. RFC 7517 4.5 allows a shared kid for keys of different types, and FAPI asks
   * verifiers to cope (SP 5.4.3, Advanced 8.11), which the mock RP does (it picks a key by kid, key type and alg); the
   * profiles still recommend against it. Keys without a kid are not compared.
   */
  test('no two keys of the JWK set share a kid', { tag: ['@negative', faultTag('jwks-duplicate-kid')] }, async ({ harness }) => {
    const clause = perProfile(harness.variant, { 'fapi2-sp': R.fapi2JwksDistinctKids, 'fapi2-ms': R.fapi2JwksDistinctKids, 'fapi1-adv': R.fapi1JwksDistinctKids });
    checks(clause);
    const keys = (harness.asKeys as { keys?: Record<string, unknown>[] }).keys ?? [];
    const repeated = repeatedKids({ keys });
    test.info().annotations.push({ type: 'outcome', description: repeated.length ? repeated.join('; ') : `${keys.length} keys, ${keys.filter((k) => typeof k.kid === 'string').length} with a kid, no kid repeated` });
    if (repeated.length) throw new ConformanceFailure(clause, 'a distinct kid on every key of the JWK set', repeated.join('; '));
  });

  /**
   * FAPI 2.0 SP 5.4.2 and FAPI 1.0 Advanced 8.9 recommend (should) that the x5u and jku JOSE headers are not used:
   * a warning, a failure in strict mode. Judged on the JWTs the AS signs for the client in one code flow: the JARM
   * response (where the variant uses JARM) and the ID token from the token endpoint. Access tokens are not decoded
   * (OAuth keeps them opaque to the client).
   */
  test('the JWTs the AS signs carry no x5u or jku header', { tag: ['@negative', faultTag('jwt-header-jku')] }, async ({ harness, rp, frontChannel }) => {
    const clause = perProfile(harness.variant, { 'fapi2-sp': R.fapi2NoKeyUrlHeaders, 'fapi2-ms': R.fapi2NoKeyUrlHeaders, 'fapi1-adv': R.fapi1NoKeyUrlHeaders });
    checks(clause);
    const { outcome, tokens } = await obtainTokens(rp, frontChannel);
    const signed = [
      ...(outcome.jarmHeader ? [{ what: 'the JARM response', header: outcome.jarmHeader }] : []),
      ...(tokens.id_token ? [{ what: 'the ID token', header: decodeJwtOrFail(tokens.id_token, R.oidcIdToken, 'the ID token').header as Record<string, unknown> }] : []),
    ];
    test.skip(signed.length === 0, 'the flow brought no JWT the AS signed (no JARM response, no ID token): there was nothing to judge');
    const found = keyUrlHeaders(signed);
    test.info().annotations.push({ type: 'outcome', description: found.length ? found.join('; ') : `${signed.map((s) => s.what).join(' and ')}: no x5u or jku header` });
    ensureNoKeyUrlHeaders(signed, clause);
  });
});
