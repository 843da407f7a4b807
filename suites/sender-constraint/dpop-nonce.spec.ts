import { checks, expect, expectRejected, faultTag, onlyWhere, R, test } from '../../fixtures';

/**
 * RFC 9449 4.3 (check 10) and 8: once the server has handed the client a DPoP nonce, a proof must carry the nonce the
 * server provided. Nonces are optional, so the check runs only where the AS hands one out at its PAR endpoint. A push
 * then carries a proof with a nonce the server never provided; the harness's retry on use_dpop_nonce presents the same
 * made-up value again, so only a server that accepts it lets the push through.
 */
test.describe('DPoP nonce', () => {
  onlyWhere((v) => v.senderConstraint === 'dpop', 'the variant binds tokens with mTLS');

  test('a push whose DPoP proof carries a nonce the AS never provided is refused', { tag: ['@negative', faultTag('dpop-nonce-not-checked')] }, async ({ rp, frontChannel }) => {
    const pushed = await rp.prepareAuthorization();
    test.skip(pushed.kind !== 'prepared', 'the AS refused an ordinary push: the PAR tests judge that');
    const parEndpoint = rp.endpoint('pushed_authorization_request_endpoint');
    const provided = (await rp.dpop()).nonceFor(parEndpoint);
    test.skip(!provided, 'the AS handed out no DPoP nonce at its PAR endpoint (RFC 9449 8 makes nonces optional): no nonce to mismatch');
    checks(R.rfc9449NonceMatches);
    const madeUp = `fapi-harness-not-provided-${Date.now()}`;
    const outcome = await expectRejected(
      await frontChannel.run(await rp.prepareAuthorization({ parDpop: { claims: () => ({ nonce: madeUp }) } }), rp),
      R.rfc9449NonceMatches,
      { errors: ['use_dpop_nonce', 'invalid_dpop_proof'] },
    );
    expect(outcome.kind, 'the refusal happens at PAR, where the proof is presented').toBe('par-rejected');
  });
});
