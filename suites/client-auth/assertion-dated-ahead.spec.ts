import { checks, expect, expectRejected, expectTokenRequestRefused, faultTag, onlyWhere, R, test, type RelyingParty } from '../../fixtures';

/**
 * FAPI 2.0 client assertions whose iat lies ahead. FAPI 2.0 SP 5.3.2.1 says the AS should refuse every JWT whose iat
 * (or nbf) lies 60 s or more ahead (a SHOULD: a warning, a failure in strict mode); client-assertion.spec.ts dates nbf ahead, these date only iat (nbf left out, exp
 * after iat), which RFC 7523 alone would let through. 120 s is twice the limit, outside any permitted leeway.
 */

const AHEAD = { omitClaims: ['nbf'], claims: (now: number) => ({ iat: now + 120, exp: now + 180 }) };
const viaPar = (rp: RelyingParty) => ({ requestMethod: rp.variant.requestMethod === 'by-value' ? ('par-signed' as const) : rp.variant.requestMethod });

test.describe('FAPI 2.0 client assertions dated ahead', () => {
  onlyWhere((v) => v.clientAuth === 'private_key_jwt' && v.profile !== 'fapi1-adv', 'the client sends no client assertion (tls_client_auth), or is not FAPI 2.0 (whose 60-second rule this is)');

  test('a token request whose client assertion has iat 120 s ahead is refused', { tag: ['@negative', faultTag('accept-client-assertion-future-iat')] }, async ({ rp, frontChannel }) => {
    checks(R.fapi2ClockSkewReject, R.rfc7523ClientAssertion);
    await expectTokenRequestRefused(rp, frontChannel, { clientAssertion: AHEAD }, R.fapi2ClockSkewReject, { errors: ['invalid_client'] });
  });

  test('a push whose client assertion has iat 120 s ahead is refused', { tag: ['@negative', faultTag('accept-client-assertion-future-iat')] }, async ({ rp, frontChannel }) => {
    checks(R.fapi2ClockSkewReject, R.fapi2ParClientAuth);
    const outcome = await expectRejected(await frontChannel.run(await rp.prepareAuthorization({ clientAssertion: AHEAD }, viaPar(rp)), rp), R.fapi2ClockSkewReject, { errors: ['invalid_client'] });
    expect(outcome.kind, 'the refusal happens at PAR, where the client authenticates').toBe('par-rejected');
  });
});
