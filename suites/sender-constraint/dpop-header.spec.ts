import { checks, expect, expectOAuthError, expectRejected, faultTag, obtainCode, onlyWhere, R, test } from '../../fixtures';
import { warn } from '../../fixtures/expectations';

/**
 * A request carries one DPoP proof: RFC 9449 4.3 has the server check that there is not more than one DPoP header
 * field, and that its value is a single, well-formed JWT. Two valid proofs are sent both ways: comma-separated in one
 * header line (what a server reads when it joins repeated lines, RFC 9110 5.3), and as two header lines (what a server
 * that asks its framework for one header value may read as the first line alone). A server that takes the first proof
 * accepts a request the RFC makes it refuse. Any OAuth error refuses it; RFC 9449 5 names invalid_dpop_proof, so
 * another code is a warning.
 */

const SUGGESTED = ['invalid_dpop_proof', 'use_dpop_nonce'];

test.describe('DPoP header', () => {
  onlyWhere((v) => v.senderConstraint === 'dpop', 'the variant binds tokens with mTLS');

  test('a token request whose DPoP header carries two proofs is refused', { tag: ['@negative', faultTag('dpop-header-first-proof-only')] }, async ({ rp, frontChannel }) => {
    checks(R.rfc9449SingleProof);
    const { prepared, outcome } = await obtainCode(rp, frontChannel);
    const { error } = await expectOAuthError(await rp.exchangeCode(prepared, outcome.code, { twoDpopProofs: 'one-line' }), R.rfc9449SingleProof);
    if (!SUGGESTED.includes(error)) await warn(`refused with "${error}"; RFC 9449 5 suggests invalid_dpop_proof`);
  });

  test('a token request with two DPoP header lines is refused', { tag: ['@negative', faultTag('dpop-header-first-line-only')] }, async ({ rp, frontChannel }) => {
    checks(R.rfc9449SingleHeader);
    const { prepared, outcome } = await obtainCode(rp, frontChannel);
    const { error } = await expectOAuthError(await rp.exchangeCode(prepared, outcome.code, { twoDpopProofs: 'two-lines' }), R.rfc9449SingleHeader);
    if (!SUGGESTED.includes(error)) await warn(`refused with "${error}"; RFC 9449 5 suggests invalid_dpop_proof`);
  });

  test('a push with two DPoP header lines is refused', { tag: ['@negative', faultTag('dpop-header-first-line-only')] }, async ({ rp, frontChannel }) => {
    checks(R.rfc9449SingleHeader);
    const outcome = await expectRejected(await frontChannel.run(await rp.prepareAuthorization({ twoParDpopProofs: 'two-lines' }), rp), R.rfc9449SingleHeader, { errors: SUGGESTED });
    expect(outcome.kind, 'the refusal happens at PAR, where the proofs are presented').toBe('par-rejected');
  });
});
