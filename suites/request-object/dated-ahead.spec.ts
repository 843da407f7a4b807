import { checks, expectRejected, faultTag, onlyWhere, R, test, type FrontChannel, type RelyingParty, type RequestObjectTamper } from '../../fixtures';

/**
 * Request objects dated ahead. RFC 7519 4.1.5 forbids accepting a JWT before its nbf, with a small leeway for clock
 * skew, "usually no more than a few minutes": an nbf 15 minutes ahead is outside any such leeway (common libraries
 * default to 5 minutes), so accepting it breaks that MUST, in every profile. FAPI 2.0 SP 5.3.2.1 adds that the AS
 * should refuse a JWT whose iat or nbf lies 60 s or more ahead (a SHOULD: a warning, a failure in strict mode), judged
 * here with an iat 120 s ahead. exp stays 5 minutes after nbf, well inside the 60-minute lifetime both profiles allow,
 * so that the future date is the only flaw. Times are forward-dated, never waited for.
 */

const ERRORS = ['invalid_request_object', 'invalid_request'];
const NBF_AHEAD_SECONDS = 15 * 60;

function nbfAhead(): RequestObjectTamper {
  return { kind: 'signed', claims: (now) => ({ iat: now, nbf: now + NBF_AHEAD_SECONDS, exp: now + NBF_AHEAD_SECONDS + 300 }) };
}

async function refused(rp: RelyingParty, frontChannel: FrontChannel, tamper: RequestObjectTamper, requestMethod: 'par-signed' | 'by-value', clause: string): Promise<void> {
  const prepared = await rp.prepareAuthorization({ requestObject: tamper }, { requestMethod });
  await expectRejected(await frontChannel.run(prepared, rp), clause, { errors: ERRORS });
}

test.describe('request objects dated ahead', () => {
  onlyWhere((v) => v.requestMethod !== 'par', 'the variant sends plain parameters at PAR (FAPI 2.0 Security Profile): it signs no request object');

  test('a request object whose nbf lies 15 minutes ahead is refused at PAR', { tag: ['@negative', faultTag('accept-request-object-future-nbf')] }, async ({ rp, frontChannel }) => {
    checks(R.rfc7519NotBefore);
    await refused(rp, frontChannel, nbfAhead(), 'par-signed', R.rfc7519NotBefore);
  });

  test('a request object by value whose nbf lies 15 minutes ahead is refused', { tag: ['@negative', faultTag('accept-request-object-future-nbf')] }, async ({ rp, frontChannel }) => {
    test.skip(rp.variant.requestMethod !== 'by-value', 'the variant sends its request object through PAR, not by value at the authorization endpoint');
    checks(R.rfc7519NotBefore);
    await refused(rp, frontChannel, nbfAhead(), 'by-value', R.rfc7519NotBefore);
  });

  test('a FAPI 2.0 request object whose iat lies 120 s ahead is refused', { tag: ['@negative', faultTag('accept-request-object-future-iat')] }, async ({ rp, frontChannel }) => {
    test.skip(rp.variant.profile === 'fapi1-adv', 'FAPI 1.0 Advanced and RFC 7519 set no rule for an iat in the future (only nbf is judged)');
    checks(R.fapi2ClockSkewReject);
    await refused(rp, frontChannel, { kind: 'signed', claims: (now) => ({ iat: now + 120, nbf: now, exp: now + 300 }) }, 'par-signed', R.fapi2ClockSkewReject);
  });
});
