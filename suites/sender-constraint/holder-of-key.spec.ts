import { checks, expectOAuthError, faultTag, obtainCode, oidf, onlyWhere, perProfile, R, test, type RelyingParty } from '../../fixtures';
import { NO_CERTIFICATE } from '../../fixtures/rp-parts';

/**
 * A sender-constrained client's token request without the key its tokens are bound to (FAPI 2.0 SP 5.3.2.1-4, FAPI 1.0
 * Advanced 5.2.2-5): no client certificate for mTLS binding, no DPoP proof for DPoP. Judged with a real code, because
 * a refusal of a made-up code would prove nothing here.
 */
const clauses = (rp: RelyingParty) => [
  perProfile(rp.variant, { 'fapi2-sp': R.fapi2SenderConstrained, 'fapi2-ms': R.fapi2SenderConstrained, 'fapi1-adv': R.fapi1HolderOfKey }),
  rp.variant.senderConstraint === 'dpop' ? R.rfc9449TokenRequest : R.rfc8705BoundTokens,
];

test.describe('holder of key at the token endpoint', () => {
  onlyWhere(
    (v) => v.clientAuth === 'private_key_jwt',
    'the client authenticates with its certificate (tls_client_auth): without it the request fails client authentication, which the tls_client_auth tests cover',
  );

  test(
    'a token request without the bound key (no client certificate, or no DPoP proof) is refused',
    { tag: ['@negative', faultTag('holder-of-key-not-required')], annotation: oidf('fapi2-security-profile-final-ensure-holder-of-key-required', 'fapi1-advanced-final-ensure-mtls-holder-of-key-required') },
    async ({ rp, frontChannel }) => {
      checks(...clauses(rp));
      const { prepared, outcome } = await obtainCode(rp, frontChannel);
      const tamper = rp.variant.senderConstraint === 'dpop' ? { omitDpop: true } : { certificate: NO_CERTIFICATE };
      await expectOAuthError(await rp.exchangeCode(prepared, outcome.code, tamper), clauses(rp)[0]!);
    },
  );
});
