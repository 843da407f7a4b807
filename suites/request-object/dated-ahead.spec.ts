import { checks, expectRejected, faultTag, onlyWhere, perProfile, R, test, type FrontChannel, type RelyingParty, type RequestObjectTamper } from '../../fixtures';

/**
 * Request objects dated ahead. FAPI 2.0 SP 5.3.2.1 makes the AS refuse any JWT whose iat or nbf lies more than 60 s
 * ahead; RFC 7519 4.1.5 forbids accepting a JWT before its nbf, with a small leeway for clock skew, "usually no more
 * than a few minutes". The values are far outside what either allows, so that no correct server's leeway can account
 * for them: 120 s ahead under FAPI 2.0 (twice its limit), 15 minutes ahead under FAPI 1.0 (where the only bound is
 * RFC 7519's leeway, and common libraries default to 5 minutes). exp stays 5 minutes after nbf, well inside the
 * 60-minute lifetime both profiles allow, so that the future date is the only flaw. Times are forward-dated, never
 * waited for.
 */

const ERRORS = ['invalid_request_object', 'invalid_request'];

const aheadSeconds = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': 120, 'fapi2-ms': 120, 'fapi1-adv': 15 * 60 });
const nbfClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2ClockSkew, 'fapi2-ms': R.fapi2ClockSkew, 'fapi1-adv': R.rfc7519NotBefore });

function nbfAhead(rp: RelyingParty): RequestObjectTamper {
  const ahead = aheadSeconds(rp);
  return { kind: 'signed', claims: (now) => ({ iat: now, nbf: now + ahead, exp: now + ahead + 300 }) };
}

async function refused(rp: RelyingParty, frontChannel: FrontChannel, tamper: RequestObjectTamper, requestMethod: 'par-signed' | 'by-value', clause: string): Promise<void> {
  const prepared = await rp.prepareAuthorization({ requestObject: tamper }, { requestMethod });
  await expectRejected(await frontChannel.run(prepared, rp), clause, { errors: ERRORS });
}

test.describe('request objects dated ahead', () => {
  onlyWhere((v) => v.requestMethod !== 'par', 'the variant sends plain parameters at PAR (FAPI 2.0 Security Profile): it signs no request object');

  test('a request object whose nbf lies far ahead is refused at PAR', { tag: ['@negative', faultTag('accept-request-object-future-nbf')] }, async ({ rp, frontChannel }) => {
    checks(nbfClause(rp), R.rfc7519NotBefore);
    test.info().annotations.push({ type: 'nbf ahead', description: `${aheadSeconds(rp)} s` });
    await refused(rp, frontChannel, nbfAhead(rp), 'par-signed', nbfClause(rp));
  });

  test('a request object by value whose nbf lies far ahead is refused', { tag: ['@negative', faultTag('accept-request-object-future-nbf')] }, async ({ rp, frontChannel }) => {
    test.skip(rp.variant.requestMethod !== 'by-value', 'the variant sends its request object through PAR, not by value at the authorization endpoint');
    checks(nbfClause(rp), R.rfc7519NotBefore);
    test.info().annotations.push({ type: 'nbf ahead', description: `${aheadSeconds(rp)} s` });
    await refused(rp, frontChannel, nbfAhead(rp), 'by-value', nbfClause(rp));
  });

  test('a FAPI 2.0 request object whose iat lies 120 s ahead is refused', { tag: ['@negative', faultTag('accept-request-object-future-iat')] }, async ({ rp, frontChannel }) => {
    test.skip(rp.variant.profile === 'fapi1-adv', 'FAPI 1.0 Advanced and RFC 7519 set no rule for an iat in the future (only nbf is judged)');
    checks(R.fapi2ClockSkew);
    await refused(rp, frontChannel, { kind: 'signed', claims: (now) => ({ iat: now + 120, nbf: now, exp: now + 300 }) }, 'par-signed', R.fapi2ClockSkew);
  });
});
