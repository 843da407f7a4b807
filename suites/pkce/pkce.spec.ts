import { checks, expectCode, expectOAuthError, expectRejected, faultTag, perProfile, R, test, type RelyingParty, oidf } from '../../fixtures';

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

  // RFC 7636 4.6: the token endpoint compares the code_verifier with the challenge the code was issued for.
  const tokenCases: { title: string; module: string; tamper: { omit?: string[]; set?: Record<string, string> }; errors: string[] }[] = [
    { title: 'a token request without code_verifier is refused', module: 'ensure-pkce-code-verifier-required', tamper: { omit: ['code_verifier'] }, errors: ['invalid_grant', 'invalid_request'] },
    {
      title: 'a token request with an incorrect code_verifier is refused',
      module: 'incorrect-pkce-code-verifier-rejected',
      // Well-formed (43 characters of the unreserved set), just not the one the challenge was made from.
      tamper: { set: { code_verifier: 'incorrect-code-verifier-0123456789abcdefghijklmnop' } },
      errors: ['invalid_grant'],
    },
  ];
  for (const c of tokenCases) {
    test(c.title, { tag: ['@negative', faultTag('pkce-verifier-not-checked')], annotation: oidf(c.module) }, async ({ rp, frontChannel }) => {
      checks(R.rfc7636Verify, pkceClause(rp));
      const prepared = await rp.prepareAuthorization();
      const outcome = await expectCode(await frontChannel.run(prepared, rp), R.rfc7636Verify);
      if (prepared.kind !== 'prepared') return;
      const exchange = await rp.exchangeCode(prepared, outcome.code, c.tamper);
      await expectOAuthError(exchange, R.rfc7636Verify, { errors: c.errors });
    });
  }
});
