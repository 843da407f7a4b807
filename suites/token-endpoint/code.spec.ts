import { checks, ConformanceFailure, expectOAuthError, faultTag, obtainCode, obtainTokens, oidf, perProfile, R, test, type RelyingParty } from '../../fixtures';

/** The authorization code at the token endpoint: bound to its client, and single-use (RFC 6749 4.1.3, 10.5). */

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

