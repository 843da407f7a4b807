import { checks, expectOAuthError, faultTag, obtainCode, onlyWhere, R, test } from '../../fixtures';
import { warn } from '../../fixtures/expectations';

/**
 * The DPoP header of a token request holds one proof: RFC 9449 4.3 has the server check that its value is a single,
 * well-formed JWT. Two valid proofs in one header, comma-separated, are what a server reads when a client sends two
 * DPoP header lines and HTTP joins them (RFC 9110 5.3); a server that takes the first one instead accepts a request the
 * RFC makes it refuse. Any OAuth error refuses it; RFC 9449 5 names invalid_dpop_proof, so another code is a warning.
 */

const SUGGESTED = ['invalid_dpop_proof', 'use_dpop_nonce'];

test.describe('DPoP header', () => {
  onlyWhere((v) => v.senderConstraint === 'dpop', 'the variant binds tokens with mTLS');

  test('a token request whose DPoP header carries two proofs is refused', { tag: ['@negative', faultTag('dpop-header-first-proof-only')] }, async ({ rp, frontChannel }) => {
    checks(R.rfc9449SingleProof);
    const { prepared, outcome } = await obtainCode(rp, frontChannel);
    const { error } = await expectOAuthError(await rp.exchangeCode(prepared, outcome.code, { twoDpopProofs: true }), R.rfc9449SingleProof);
    if (!SUGGESTED.includes(error)) await warn(`refused with "${error}"; RFC 9449 5 suggests invalid_dpop_proof`);
  });
});
