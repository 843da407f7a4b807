import { checks, expectResourceRefused, faultTag, perProfile, R, test } from '../../fixtures';

/**
 * The resource does not take the access token from the query string (RFC 6750 2.3; FAPI 2.0 SP 5.3.4-2, FAPI 1.0
 * Part 1 6.2.1-3): a URL lands in logs, histories and Referer headers. The call is otherwise correct: the client's
 * certificate, or a DPoP proof bound to the token.
 */
test('an access token in the query string is refused', { tag: ['@negative', faultTag('resource-accepts-token-in-query')] }, async ({ sharedTokens, harness }) => {
  const { rp, tokens } = sharedTokens;
  const clause = perProfile(rp.variant, { 'fapi2-sp': R.fapi2NoTokenInQuery, 'fapi2-ms': R.fapi2NoTokenInQuery, 'fapi1-adv': R.fapi1NoTokenInQuery });
  checks(clause);
  await expectResourceRefused(await rp.callResource(harness.resource(), tokens.access_token, { tokenInQuery: true }), clause);
});
