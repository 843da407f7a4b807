import {
  acceptCode,
  ConformanceFailure,
  checks,
  expectRejected,
  faultTag,
  oidf,
  onlyWhere,
  perProfile,
  R,
  redeemCode,
  refusedWithoutOutsideValues,
  test,
  type AuthorizationTamper,
  type FrontChannel,
  type PreparedAuthorization,
  type RelyingParty,
} from '../../fixtures';

/**
 * A signed request object is the whole authorization request (RFC 9101 5, FAPI 1.0 Advanced 5.2.2-10, FAPI 2.0
 * Message Signing 5.3.1): what travels next to it is ignored, and it may not point elsewhere with request_uri.
 * Outside parameters go where the variant sends its request: into the PAR form, or into the URL by value.
 */

const ERRORS = ['invalid_request_object', 'invalid_request'];
const signedClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2msSignedRequestObject, 'fapi2-ms': R.fapi2msSignedRequestObject, 'fapi1-adv': R.fapi1SignedRequestObject });
const outsideClause = (rp: RelyingParty) => (rp.variant.profile === 'fapi1-adv' ? R.fapi1OnlyRequestObjectParams : R.rfc9101OutsideParamsIgnored);
const FAULT = faultTag('prefer-outside-parameters');

/**
 * The authorization request with parameters outside its request object, through the front channel: the code and its
 * response when the AS answers with one, or undefined when it refused without using any outside value (a refusal uses
 * none of them either; the outcome says how it refused).
 */
async function codeOrCleanRefusal(rp: RelyingParty, frontChannel: FrontChannel, tamper: AuthorizationTamper, outsideState: string) {
  const prepared = await rp.prepareAuthorization(tamper);
  const answer = await frontChannel.run(prepared, rp);
  if (answer.kind === 'error-redirect' && answer.state === outsideState) {
    throw new ConformanceFailure(outsideClause(rp), 'an answer built from the request object alone', `an error redirect (${answer.error}) that carries the state sent outside the request object`);
  }
  const refusal = refusedWithoutOutsideValues(answer, outsideState);
  if (refusal) {
    test.info().annotations.push({ type: 'outcome', description: `the AS refused the request, using none of the outside values: ${refusal}` });
    return undefined;
  }
  return acceptCode(rp, prepared as PreparedAuthorization, answer);
}

test.describe('parameters outside the signed request object', () => {
  onlyWhere((v) => v.requestMethod !== 'par', 'the variant sends plain parameters at PAR (FAPI 2.0 Security Profile): it signs no request object');

  test(
    'a different state and nonce outside the request object are ignored',
    {
      tag: ['@negative', FAULT],
      annotation: oidf('ensure-different-nonce-inside-and-outside-request-object', 'fapi2-security-profile-final-ensure-different-state-inside-and-outside-request-object'),
    },
    async ({ rp, frontChannel }) => {
      checks(outsideClause(rp), R.rfc6749AuthzResponse, R.oidcNonce);
      const outside = 'outside-state-must-be-ignored';
      const done = await codeOrCleanRefusal(rp, frontChannel, { outside: { state: outside, nonce: 'outside-nonce-must-be-ignored' } }, outside);
      // redeemCode checks the state and the ID token's nonce against the values inside the request object.
      if (done) await redeemCode(rp, done.prepared, done.outcome);
    },
  );

  test(
    'a state sent only outside the request object is not used',
    { tag: ['@negative', FAULT], annotation: oidf('state-only-outside-request-object-not-used') },
    async ({ rp, frontChannel }) => {
      checks(outsideClause(rp), R.rfc6749AuthzResponse);
      const outside = 'outside-state-must-be-ignored';
      const done = await codeOrCleanRefusal(rp, frontChannel, { omit: ['state'], outside: { state: outside } }, outside);
      if (!done) return;
      const { outcome } = done;
      await redeemCode(rp, done.prepared, outcome);
      if (outcome.params.state !== undefined) {
        throw new ConformanceFailure(outsideClause(rp), 'no state in the response (the request object has none)', `state=${outcome.params.state}${outcome.params.state === outside ? ' (the one sent outside the request object)' : ''}`);
      }
    },
  );

  test(
    'a request object that contains request_uri is refused',
    { tag: ['@negative', faultTag('accept-request-uri-in-request-object')], annotation: oidf('par-authorization-request-containing-request_uri') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc9101RequestObject, R.rfc9126Request);
      const prepared = await rp.prepareAuthorization(
        { requestObject: { kind: 'signed', claims: () => ({ request_uri: 'urn:ietf:params:oauth:request_uri:never-pushed' }) } },
        { requestMethod: 'par-signed' },
      );
      await expectRejected(await frontChannel.run(prepared, rp), R.rfc9101RequestObject, { errors: ERRORS });
    },
  );
});

test.describe('authorization request without a signed request object', () => {
  onlyWhere((v) => v.profile !== 'fapi2-sp', 'signed request objects are not required by FAPI 2.0 Security Profile alone');

  test(
    'plain parameters instead of a signed request object are refused',
    {
      tag: ['@negative', faultTag('request-object-not-required')],
      annotation: oidf('fapi2-security-profile-final-ensure-unsigned-request-at-par-endpoint-fails', 'fapi1-advanced-final-ensure-authorization-request-without-request-object-fails'),
    },
    async ({ rp, frontChannel }) => {
      checks(signedClause(rp), R.rfc9101OutsideParamsIgnored);
      // By value: the plain parameters go to the authorization endpoint; otherwise they are pushed without a request object.
      const prepared = await rp.prepareAuthorization({}, { requestMethod: rp.variant.requestMethod === 'by-value' ? 'direct' : 'par' });
      await expectRejected(await frontChannel.run(prepared, rp), signedClause(rp), { errors: ERRORS });
    },
  );
});
