import { checks, expect, expectOAuthError, expectRejected, faultTag, obtainCode, onlyWhere, R, test } from '../../fixtures';
import { warn } from '../../fixtures/expectations';

/**
 * DPoP proofs dated ahead, at the AS. FAPI 2.0 SP 5.3.2.1 says the AS should refuse every JWT whose iat lies 60 s or
 * more ahead (a SHOULD: a warning, a failure in strict mode), and a DPoP proof is one. RFC 9449 (4.3, 11.1) lets a server that hands out nonces judge freshness by the
 * nonce alone, so these proofs carry the server's nonce (the harness answers use_dpop_nonce as usual): only the FAPI 2.0
 * rule refuses them, and only FAPI 2.0 clients are judged. 120 s is twice the limit, outside any permitted leeway.
 * The resource's own iat checks are in dpop.spec.ts.
 */

const AHEAD = { claims: (now: number) => ({ iat: now + 120 }) };
const SUGGESTED = ['invalid_dpop_proof', 'use_dpop_nonce'];

test.describe('DPoP proofs dated ahead', () => {
  onlyWhere((v) => v.senderConstraint === 'dpop' && v.profile !== 'fapi1-adv', 'the variant binds tokens with mTLS, or is not FAPI 2.0 (whose 60-second rule this is)');

  test('a token request whose DPoP proof is dated 120 s ahead is refused', { tag: ['@negative', faultTag('accept-dpop-proof-future-iat')] }, async ({ rp, frontChannel }) => {
    checks(R.fapi2ClockSkewReject, R.rfc9449TokenRequest);
    const { prepared, outcome } = await obtainCode(rp, frontChannel);
    const { error } = await expectOAuthError(await rp.exchangeCode(prepared, outcome.code, { dpop: AHEAD }), R.fapi2ClockSkewReject);
    if (!SUGGESTED.includes(error)) await warn(`refused with "${error}"; RFC 9449 5 suggests invalid_dpop_proof`);
  });

  test('a push whose DPoP proof is dated 120 s ahead is refused', { tag: ['@negative', faultTag('accept-dpop-proof-future-iat')] }, async ({ rp, frontChannel }) => {
    checks(R.fapi2ClockSkewReject, R.rfc9449ProofCheck);
    const outcome = await expectRejected(await frontChannel.run(await rp.prepareAuthorization({ parDpop: AHEAD }), rp), R.fapi2ClockSkewReject, { errors: SUGGESTED });
    expect(outcome.kind, 'the refusal happens at PAR, where the proof is presented').toBe('par-rejected');
  });
});
