import { checks, ConformanceFailure, expectOAuthError, faultTag, obtainCode, obtainTokens, oidf, perProfile, R, test, warn, type RelyingParty } from '../../fixtures';

/** The authorization code at the token endpoint: bound to its client and to its redirect_uri, and single-use (RFC 6749 4.1.3, 10.5). */

/**
 * RFC 6749 4.1.3: a refused grant whose code is fine but whose redirect_uri is not. 5.2 names invalid_grant for a
 * redirect_uri that does not match the authorization request's; another error code is still a refusal (the MUST of
 * 4.1.3 holds), so it is reported as a warning. A missing parameter may also be answered with invalid_request (5.2).
 */
async function expectRedirectUriRefused(exchange: Parameters<typeof expectOAuthError>[0], suggested: string[]): Promise<void> {
  const { error } = await expectOAuthError(exchange, R.rfc6749CodeBoundToClient);
  if (!suggested.includes(error)) await warn(`refused with "${error}"; RFC 6749 5.2 suggests ${suggested.join(' or ')}`);
}

const singleUseClauses = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': [R.fapi2CodeSingleUse], 'fapi2-ms': [R.fapi2CodeSingleUse], 'fapi1-adv': [] });

test.describe('authorization code', () => {
  test(
    'a code issued to client 1 is refused to client 2',
    { tag: ['@negative', faultTag('code-not-bound-to-client')], annotation: oidf('ensure-authorization-code-is-bound-to-client') },
    async ({ rp, rp2, frontChannel }) => {
      checks(R.rfc6749CodeBoundToClient, R.rfc6749TokenError);
      const { prepared, outcome } = await obtainCode(rp, frontChannel);
      // Client 2 authenticates as itself (its own key and certificate), with client 1's code and verifier. It proves
      // possession of client 1's DPoP key, to which the code may be bound (RFC 9449 10): the client binding alone decides.
      await rp2.adoptDpopKey(rp);
      await expectOAuthError(await rp2.exchangeCode(prepared, outcome.code), R.rfc6749CodeBoundToClient, { errors: ['invalid_grant'] });
    },
  );

  test(
    'a code redeemed with another registered redirect_uri is refused',
    { tag: ['@negative', faultTag('token-redirect-uri-not-checked')] },
    async ({ rp, frontChannel }) => {
      const other = rp.client.secondRedirectUri;
      test.skip(!other, 'the target configuration names no second redirect URI registered for client 1 (second_redirect_uri): a code cannot be redeemed with another registered one');
      checks(R.rfc6749CodeBoundToClient, R.rfc6749TokenError);
      const { prepared, outcome } = await obtainCode(rp, frontChannel);
      await expectRedirectUriRefused(await rp.exchangeCode(prepared, outcome.code, { set: { redirect_uri: other! } }), ['invalid_grant']);
    },
  );

  test(
    'a code redeemed without redirect_uri is refused',
    { tag: ['@negative', faultTag('token-redirect-uri-not-checked')] },
    async ({ rp, frontChannel }) => {
      // Every FAPI authorization request carries redirect_uri, so RFC 6749 4.1.3 makes the token request repeat it.
      // OpenID Connect Core 3.1.3.2 lets an AS proceed without it when the client has a single registered redirect URI:
      // only a client known to have two (second_redirect_uri) makes an acceptance a failure; otherwise it is a warning.
      checks(R.rfc6749CodeBoundToClient, R.rfc6749TokenError);
      const { prepared, outcome } = await obtainCode(rp, frontChannel);
      const exchange = await rp.exchangeCode(prepared, outcome.code, { omit: ['redirect_uri'] });
      const { status } = exchange.response;
      if (!rp.client.secondRedirectUri && status >= 200 && status < 300) {
        await warn('tokens were issued for a token request without redirect_uri: RFC 6749 4.1.3 requires it, while OpenID Connect Core 3.1.3.2 tolerates its omission for a client with a single registered redirect URI (name second_redirect_uri in the target configuration to judge this as a failure)');
        return;
      }
      await expectRedirectUriRefused(exchange, ['invalid_request', 'invalid_grant']);
    },
  );

  test(
    'a code redeemed a second time is refused',
    { tag: ['@negative', faultTag('code-reusable')], annotation: oidf('attempt-reuse-authorisation-code-after-one-second', 'attempt-reuse-authorization-code-after-one-second') },
    async ({ rp, frontChannel, harness }) => {
      checks(R.rfc6749CodeSingleUse, R.rfc6749TokenError, ...singleUseClauses(rp));
      // The conformance suite waits a second before the second attempt; nothing here depends on time passing, so the
      // second attempt simply follows the first.
      const { prepared, outcome, tokens } = await obtainTokens(rp, frontChannel);
      await expectOAuthError(await rp.exchangeCode(prepared, outcome.code), R.rfc6749CodeSingleUse, { errors: ['invalid_grant'] });
      // RFC 6749 10.5 (SHOULD): the tokens issued for the code are revoked; its level makes this a warning (strict: a failure).
      checks(R.rfc6749RevokeOnCodeReuse);
      const after = await rp.callResource(harness.resource(), tokens.access_token);
      if (after.response.status >= 200 && after.response.status < 300) {
        throw new ConformanceFailure(R.rfc6749RevokeOnCodeReuse, 'the access token issued for the code to be revoked once the code was presented again', `HTTP ${after.response.status}: the token still works`);
      }
    },
  );
});

