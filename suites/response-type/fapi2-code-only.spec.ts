import { checks, expectRejected, faultTag, oidf, onlyWhere, R, test } from '../../fixtures';

/** FAPI 2.0 Security Profile 5.3.2.2-1: the authorization code flow only; hybrid and implicit response types fail. */

const ERRORS = ['unsupported_response_type', 'invalid_request', 'unauthorized_client', 'invalid_request_object'];
const FAULT = faultTag('accept-non-code-response-types');

test.describe('response types other than code (FAPI 2.0)', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Advanced allows response_type "code id_token"');

  test('response_type "code id_token" is refused', { tag: ['@negative', FAULT], annotation: oidf('fapi2-security-profile-final-ensure-response-type-code-idtoken-fails') }, async ({ rp, frontChannel }) => {
    checks(R.fapi2ResponseTypeCode);
    const prepared = await rp.prepareAuthorization({ set: { response_type: 'code id_token' } });
    await expectRejected(await frontChannel.run(prepared, rp), R.fapi2ResponseTypeCode, { errors: ERRORS });
  });

  test('response_type "token" is refused', { tag: ['@negative', FAULT], annotation: oidf('fapi2-security-profile-final-ensure-response-type-token-fails') }, async ({ rp, frontChannel }) => {
    checks(R.fapi2ResponseTypeCode);
    const prepared = await rp.prepareAuthorization({ set: { response_type: 'token' } });
    await expectRejected(await frontChannel.run(prepared, rp), R.fapi2ResponseTypeCode, { errors: ERRORS });
  });
});
