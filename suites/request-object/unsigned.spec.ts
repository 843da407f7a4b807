import { checks, expectRejected, faultTag, onlyWhere, perProfile, R, test, type RelyingParty, oidf } from '../../fixtures';

const FAULT = faultTag('accept-unsigned-request-object');
const ERRORS = ['invalid_request_object', 'invalid_request'];

function signedRequestObjectClause(rp: RelyingParty): string {
  return perProfile(rp.variant, { 'fapi2-sp': R.fapi2AlgorithmsAllowed, 'fapi2-ms': R.fapi2msSignedRequestObject, 'fapi1-adv': R.fapi1SignedRequestObject });
}

test.describe('unsigned request object (alg: none)', () => {
  onlyWhere((v) => v.requestMethod !== 'par', 'the variant sends plain parameters at PAR (FAPI 2.0 Security Profile): no request object to sign');

  test('through PAR is refused', { tag: ['@negative', FAULT], annotation: oidf('ensure-request-object-signature-algorithm-is-not-none') }, async ({ rp, frontChannel }) => {
    checks(signedRequestObjectClause(rp), R.rfc9101Verify, perProfile(rp.variant, { 'fapi2-sp': R.fapi2RejectNoneAlg, 'fapi2-ms': R.fapi2RejectNoneAlg, 'fapi1-adv': R.fapi1RejectNoneAlg }));
    const prepared = await rp.prepareAuthorization({ requestObject: { kind: 'unsigned' } }, { requestMethod: 'par-signed' });
    await expectRejected(await frontChannel.run(prepared, rp), signedRequestObjectClause(rp), { errors: ERRORS });
  });

  test.describe('by value', () => {
    onlyWhere((v) => v.requestMethod === 'by-value', 'the variant requires PAR: a request object by value would be refused for that reason, proving nothing about signatures');

    test('at the authorization endpoint is refused', { tag: ['@negative', FAULT], annotation: oidf('fapi1-advanced-final-ensure-request-object-signature-algorithm-is-not-none') }, async ({ rp, frontChannel }) => {
      checks(R.fapi1SignedRequestObject, R.rfc9101Verify, R.fapi1RejectNoneAlg);
      const prepared = await rp.prepareAuthorization({ requestObject: { kind: 'unsigned' } }, { requestMethod: 'by-value' });
      await expectRejected(await frontChannel.run(prepared, rp), R.fapi1SignedRequestObject, { errors: ERRORS });
    });
  });
});
