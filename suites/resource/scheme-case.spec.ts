import { checks, ConformanceFailure, oidf, R, test } from '../../fixtures';

/**
 * The resource takes the token's scheme in any letter case: RFC 9110 11.1 makes authentication schemes
 * case-insensitive, and RFC 6750 2.1 / RFC 9449 7.1 define Bearer and DPoP as such schemes.
 */
test('the resource accepts the Authorization scheme in lower and upper case', { tag: ['@positive'], annotation: oidf('access-token-type-header-case-sensitivity') }, async ({ sharedTokens, harness }) => {
  const { rp, tokens } = sharedTokens;
  checks(R.fapi2RsKeyBinding, rp.variant.senderConstraint === 'dpop' ? R.rfc9449Resource : R.rfc8705BoundTokens);
  const scheme = rp.variant.senderConstraint === 'dpop' ? 'DPoP' : 'Bearer';
  for (const written of [scheme.toLowerCase(), scheme.toUpperCase()]) {
    const exchange = await rp.callResource(harness.resource(), tokens.access_token, { scheme: written });
    if (exchange.response.status !== 200) {
      throw new ConformanceFailure(R.fapi2RsKeyBinding, `the call with scheme "${written}" to be served (schemes are case-insensitive)`, `HTTP ${exchange.response.status}`);
    }
  }
});
