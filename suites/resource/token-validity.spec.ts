import { alterToken, checks, ConformanceFailure, expectResourceRefused, faultTag, obtainTokens, onlyWhere, perProfile, revocationEndpoint, revokeAccessToken, R, test, type RelyingParty } from '../../fixtures';

/**
 * The resource checks each access token itself (FAPI 2.0 SP 5.3.4: validity, integrity, expiration, revocation;
 * FAPI 1.0 Part 1 6.2.1-4: neither expired nor revoked). Every token below is presented with the variant's correct
 * binding (the client's certificate, or a DPoP proof over that very token), so the token is the only flaw. An expired
 * token is not tried: making one means waiting out the AS's access token lifetime.
 */

/** The same call with the genuine token must be served first: otherwise a refusal below would prove nothing. */
async function servedFirst(rp: RelyingParty, url: string, token: string): Promise<void> {
  const { status } = (await rp.callResource(url, token)).response;
  if (status < 200 || status >= 300) {
    throw new ConformanceFailure(rp.variant.senderConstraint === 'dpop' ? R.rfc9449Resource : R.rfc8705BoundTokens, 'the resource to serve a call with a fresh, correctly bound access token', `HTTP ${status}`);
  }
}

test.describe('access token integrity', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Part 1 6.2.1-4 names expiry and revocation only; FAPI 2.0 SP 5.3.4 adds integrity');

  test('an access token altered in one character is refused', { tag: ['@negative', faultTag('resource-token-prefix-match')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi2RsTokenValidity);
    const { rp, tokens } = sharedTokens;
    await servedFirst(rp, harness.resource(), tokens.access_token);
    await expectResourceRefused(await rp.callResource(harness.resource(), alterToken(tokens.access_token)), R.fapi2RsTokenValidity);
  });
});

test('an access token revoked at the AS is refused', { tag: ['@negative', faultTag('resource-caches-token-validation')] }, async ({ rp, frontChannel, harness }) => {
  const clause = perProfile(rp.variant, { 'fapi2-sp': R.fapi2RsTokenValidity, 'fapi2-ms': R.fapi2RsTokenValidity, 'fapi1-adv': R.fapi1RsTokenValidity });
  checks(clause);
  const endpoint = revocationEndpoint(rp);
  test.skip(!endpoint, 'the AS advertises no revocation_endpoint (RFC 7009): the client cannot revoke a token');
  // A flow of its own: the worker's shared tokens must stay valid for the other tests.
  const { tokens } = await obtainTokens(rp, frontChannel);
  await servedFirst(rp, harness.resource(), tokens.access_token);
  const revocation = await revokeAccessToken(rp, endpoint!, tokens.access_token);
  const { status, json } = revocation.response;
  const error = (json as { error?: unknown } | undefined)?.error;
  test.skip(status !== 200, `the AS did not revoke the access token for this client (HTTP ${status}${typeof error === 'string' ? ` ${error}` : ''}); RFC 7009 lets it decline access tokens`);
  await expectResourceRefused(await rp.callResource(harness.resource(), tokens.access_token), clause);
});
