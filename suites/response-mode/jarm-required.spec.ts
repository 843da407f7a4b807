import { checks, expectRejected, faultTag, onlyWhere, perProfile, R, test, type RelyingParty, oidf } from '../../fixtures';

const FAULT = faultTag('allow-query-response-mode');
const jarmClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2msJarm, 'fapi2-ms': R.fapi2msJarm, 'fapi1-adv': R.fapi1ResponseTypeJarm });

test.describe('non-JWT response mode with response_type=code', () => {
  onlyWhere((v) => v.responseMode === 'jwt', 'the variant does not require JARM');

  test('response_mode=query is refused', { tag: ['@negative', FAULT], annotation: oidf('fapi1-advanced-final-ensure-response-mode-query') }, async ({ rp, frontChannel }) => {
    checks(jarmClause(rp), R.jarmResponse);
    const prepared = await rp.prepareAuthorization({ set: { response_mode: 'query' } });
    await expectRejected(await frontChannel.run(prepared, rp), jarmClause(rp), { errors: ['invalid_request', 'unsupported_response_mode'] });
  });

  test('no response_mode (the query default) is refused', { tag: ['@negative', FAULT], annotation: oidf('fapi1-advanced-final-ensure-response-type-code-fails') }, async ({ rp, frontChannel }) => {
    checks(jarmClause(rp), R.jarmResponse);
    const prepared = await rp.prepareAuthorization({ omit: ['response_mode'] });
    await expectRejected(await frontChannel.run(prepared, rp), jarmClause(rp), { errors: ['invalid_request', 'unsupported_response_mode'] });
  });
});
