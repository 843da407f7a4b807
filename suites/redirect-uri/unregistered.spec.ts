import {
  checks,
  ConformanceFailure,
  expectRefusedWithoutRedirect,
  faultTag,
  oidf,
  R,
  test,
  type RelyingParty,
} from '../../fixtures';

/**
 * A redirect_uri the client never registered. The URI differs from the registered one only by a query parameter, so
 * that whatever the AS sends there still lands on the mock RP and is judged (a code, an error), never mistaken for an
 * error page of the AS.
 */
const unregistered = (rp: RelyingParty) => {
  const u = new URL(rp.client.redirectUri);
  u.searchParams.set('unregistered', '1');
  return u.toString();
};

test.describe('unregistered redirect_uri', () => {
  test(
    'an unregistered redirect_uri is refused with an error page or at PAR, never redirected to (FAPI 1.0)',
    { tag: ['@negative', faultTag('accept-unregistered-redirect-uri')], annotation: oidf('fapi1-advanced-final-ensure-registered-redirect-uri') },
    async ({ rp, frontChannel }) => {
      test.skip(rp.variant.profile !== 'fapi1-adv', 'FAPI 2.0 lets an AS accept redirect URIs pushed by an authenticated client (RFC 9126 2.4): see the next scenario');
      checks(R.fapi1RegisteredRedirectUris, R.rfc6749AuthzError);
      // The variant's own route: by value, the browser takes the request object to the authorization endpoint.
      const prepared = await rp.prepareAuthorization({ set: { redirect_uri: unregistered(rp) } });
      await expectRefusedWithoutRedirect(await frontChannel.run(prepared, rp), R.fapi1RegisteredRedirectUris);
    },
  );

  test(
    'an unregistered redirect_uri at PAR is refused, or honoured end to end (FAPI 2.0, RFC 9126 2.4)',
    { tag: '@positive', annotation: oidf('fapi2-security-profile-final-plain-fapi-tolerate-unregistered-redirect-uri') },
    async ({ rp, frontChannel }) => {
      test.skip(rp.variant.profile === 'fapi1-adv', 'FAPI 1.0 Advanced requires registered redirect URIs: see the previous scenario');
      checks(R.rfc9126Request, R.rfc6749AuthzResponse);
      const uri = unregistered(rp);
      const prepared = await rp.prepareAuthorization({ set: { redirect_uri: uri } });
      const outcome = await frontChannel.run(prepared, rp);
      if (outcome.kind === 'par-rejected' || outcome.kind === 'error-page') {
        test.info().annotations.push({ type: 'outcome', description: 'the AS refused the unregistered redirect_uri, which it may do' });
        return;
      }
      if (outcome.kind === 'error-redirect') {
        throw new ConformanceFailure(R.rfc6749AuthzResponse, 'a code at the pushed redirect_uri (the AS accepted the push), or a refusal', `an error redirect (${outcome.error}) after the push was accepted`);
      }
      // Honoured: the code must be redeemable with the redirect_uri it was issued for (RFC 6749 4.1.3).
      if (prepared.kind !== 'prepared') return;
      const exchange = await rp.exchangeCode(prepared, outcome.code, { set: { redirect_uri: uri } });
      if (exchange.response.status !== 200) {
        throw new ConformanceFailure(R.rfc6749TokenResponse, 'tokens for the code, redeemed with the redirect_uri it was issued for', `HTTP ${exchange.response.status}`);
      }
    },
  );
});
