import { checks, expect, obtainTokens, perProfile, R, test, oidf } from '../../fixtures';

test.describe('happy flow', () => {
  test('code flow: authorization request, login and consent, token, bound resource call', { tag: ['@positive', '@happy'], annotation: oidf('fapi2-security-profile-final-happy-flow', 'fapi1-advanced-final-ensure-valid-pkce-succeeds', 'par-without-duplicate-parameters') }, async ({ rp, frontChannel, harness }) => {
    checks(
      ...perProfile(rp.variant, {
        'fapi2-sp': [R.fapi2ParRequired, R.fapi2PkceS256Required, R.fapi2IssInResponse, R.fapi2SenderConstrained],
        'fapi2-ms': [R.fapi2ParRequired, R.fapi2msSignedRequestObject, R.fapi2msJarm, R.fapi2SenderConstrained],
        'fapi1-adv': [R.fapi1SignedRequestObject, R.fapi1ResponseTypeJarm, R.fapi1HolderOfKey],
      }),
      R.oidcIdTokenValidation,
      rp.variant.senderConstraint === 'dpop' ? R.rfc9449Resource : R.rfc8705BoundTokens,
    );
    const { prepared, tokens } = await obtainTokens(rp, frontChannel);
    if (prepared.parExchange) {
      // RFC 9101 5 / RFC 9126 4: after a push, only client_id and request_uri travel to the authorization endpoint.
      expect([...new URL(prepared.url).searchParams.keys()].sort(), 'authorization request after PAR').toEqual(['client_id', 'request_uri']);
    }
    expect(tokens.id_token, 'an ID token for scope openid (OIDC Core 3.1.3.3)').toBeTruthy();
    await test.step('resource request with the sender-constrained access token', async () => {
      const exchange = await rp.callResource(harness.resource(), tokens.access_token);
      expect(exchange.response.status, `resource ${harness.resource()} serves the bound token's owner`).toBe(200);
    });
  });
});
