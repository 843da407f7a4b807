import { checks, expectRejected, faultTag, oidf, R, test, type RelyingParty } from '../../fixtures';

/** Pushed authorization requests (RFC 9126): what the PAR endpoint must refuse. No browser is needed unless the AS
 * accepts the push, in which case the attempt continues to the authorization endpoint and a code fails the test. */

const ERRORS = ['invalid_request', 'invalid_request_object', 'invalid_redirect_uri'];
/** The by-value variant pushes its signed request object for these checks; the others push as they always do. */
const viaPar = (rp: RelyingParty) => ({ requestMethod: rp.variant.requestMethod === 'by-value' ? ('par-signed' as const) : rp.variant.requestMethod });

test.describe('pushed authorization requests', () => {
  test(
    'a request_uri form parameter at the PAR endpoint is refused',
    { tag: ['@negative', faultTag('accept-request-uri-at-par')], annotation: oidf('par-authorization-request-containing-request_uri-form-param') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc9126Request, R.rfc9126Error);
      const prepared = await rp.prepareAuthorization({ parForm: { request_uri: 'urn:ietf:params:oauth:request_uri:never-pushed' } }, viaPar(rp));
      await expectRejected(await frontChannel.run(prepared, rp), R.rfc9126Request, { errors: ERRORS });
    },
  );

  test(
    'a push over GET instead of POST is refused',
    { tag: ['@negative', faultTag('accept-get-at-par')], annotation: oidf('par-attempt-invalid-http-method') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc9126Request, R.rfc9126Error);
      const prepared = await rp.prepareAuthorization({ parHttpMethod: 'GET' }, viaPar(rp));
      await expectRejected(await frontChannel.run(prepared, rp), R.rfc9126Request);
    },
  );

  test(
    'a push with an unregistered redirect_uri is refused (FAPI 1.0)',
    { tag: ['@negative', faultTag('accept-unregistered-redirect-uri')], annotation: oidf('fapi1-advanced-final-par-attempt-invalid-redirect_uri') },
    async ({ rp, frontChannel }) => {
      test.skip(rp.variant.profile !== 'fapi1-adv', 'FAPI 2.0 lets an AS accept redirect URIs pushed by an authenticated client (RFC 9126 2.4)');
      checks(R.fapi1RegisteredRedirectUris, R.rfc9126Error);
      const prepared = await rp.prepareAuthorization({ set: { redirect_uri: 'https://localhost:1/not-registered' } }, viaPar(rp));
      await expectRejected(await frontChannel.run(prepared, rp), R.fapi1RegisteredRedirectUris, { errors: ERRORS });
    },
  );

  test(
    'an authorization request that did not go through PAR is refused (FAPI 2.0)',
    { tag: ['@negative', faultTag('par-not-required')], annotation: oidf('fapi2-security-profile-final-ensure-unsigned-authorization-request-without-using-par-fails') },
    async ({ rp, frontChannel }) => {
      test.skip(rp.variant.profile === 'fapi1-adv', 'FAPI 1.0 Advanced also allows the request object by value at the authorization endpoint');
      checks(R.fapi2ParRequired, R.rfc9126Require);
      // Message Signing clients sign their requests: by value, so that only the missing push is wrong with it.
      const prepared = await rp.prepareAuthorization({}, { requestMethod: rp.variant.profile === 'fapi2-ms' ? 'by-value' : 'direct' });
      await expectRejected(await frontChannel.run(prepared, rp), R.fapi2ParRequired, { errors: ['invalid_request', 'invalid_request_object', 'unauthorized_client'] });
    },
  );

  test(
    'a push without redirect_uri is refused',
    { tag: ['@negative', faultTag('accept-missing-redirect-uri')], annotation: oidf('fapi2-security-profile-final-ensure-redirect-uri-in-authorization-request') },
    async ({ rp, frontChannel }) => {
      test.skip(rp.variant.requestMethod !== 'par', 'the variant signs its request object; the request object claims suite checks redirect_uri there');
      checks(R.fapi2RedirectUriInPar);
      const prepared = await rp.prepareAuthorization({ omit: ['redirect_uri'] });
      await expectRejected(await frontChannel.run(prepared, rp), R.fapi2RedirectUriInPar, { errors: ERRORS });
    },
  );
});
