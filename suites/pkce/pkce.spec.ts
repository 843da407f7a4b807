import { checks, expectRejected, faultTag, perProfile, R, test, type RelyingParty, oidf } from '../../fixtures';

/** FAPI 1.0 Advanced requires PKCE only with PAR, so every variant is exercised through PAR here. */
const viaPar = (rp: RelyingParty) => ({ requestMethod: rp.variant.requestMethod === 'by-value' ? ('par-signed' as const) : rp.variant.requestMethod });
const pkceClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2PkceS256Required, 'fapi2-ms': R.fapi2PkceS256Required, 'fapi1-adv': R.fapi1PkceS256WithPar });

test.describe('PKCE', () => {
  test('PAR without code_challenge is refused', { tag: ['@negative', faultTag('pkce-not-required')], annotation: oidf('par-ensure-pkce-required') }, async ({ rp, frontChannel }) => {
    checks(pkceClause(rp), R.rfc7636ServerRequiresPkce);
    const prepared = await rp.prepareAuthorization({ omit: ['code_challenge', 'code_challenge_method'] }, viaPar(rp));
    await expectRejected(await frontChannel.run(prepared, rp), pkceClause(rp), { errors: ['invalid_request'] });
  });

  test('plain code_challenge_method is refused', { tag: ['@negative', faultTag('accept-plain-pkce')], annotation: oidf('par-plain-pkce-rejected') }, async ({ rp, frontChannel }) => {
    checks(pkceClause(rp), R.rfc7636Challenge);
    const prepared = await rp.prepareAuthorization({ pkceMethod: 'plain' }, viaPar(rp));
    await expectRejected(await frontChannel.run(prepared, rp), pkceClause(rp), { errors: ['invalid_request'] });
  });
});
