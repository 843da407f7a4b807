import { checks, expect, expectOAuthError, expectResourceRefused, expectTokenRequestRefused, faultTag, obtainCode, obtainTokens, oidf, onlyWhere, R, test, ConformanceFailure } from '../../fixtures';
import { NO_CERTIFICATE } from '../../fixtures/rp-parts';

test.describe('tls_client_auth with a certificate that is not the client\'s', () => {
  onlyWhere((v) => v.clientAuth === 'tls_client_auth', 'the client authenticates with private_key_jwt: its certificate only binds tokens');

  test('token request over client 2\'s certificate is refused', { tag: ['@negative', faultTag('ignore-client-certificate')] }, async ({ rp, rp2, frontChannel }) => {
    checks(R.rfc8705TlsClientAuth, R.fapi2ClientAuthMethods);
    const { prepared, outcome } = await obtainCode(rp, frontChannel);
    const exchange = await rp.exchangeCode(prepared, outcome.code, { certificate: rp2.identity });
    await expectOAuthError(exchange, R.rfc8705TlsClientAuth, { errors: ['invalid_client'] });
  });

  test('token request without any client certificate is refused', { tag: ['@negative', faultTag('tls-client-auth-without-certificate')] }, async ({ rp, frontChannel }) => {
    checks(R.rfc8705TlsClientAuth, R.fapi2ClientAuthMethods);
    await expectTokenRequestRefused(rp, frontChannel, { certificate: NO_CERTIFICATE }, R.rfc8705TlsClientAuth, { errors: ['invalid_client'] });
  });

  test('token request over a certificate no client registers is refused', { tag: ['@negative', faultTag('ignore-client-certificate')] }, async ({ rp, frontChannel, harness }) => {
    test.skip(!harness.stranger, 'the target configures no stranger certificate');
    checks(R.rfc8705TlsClientAuth);
    const { prepared, outcome } = await obtainCode(rp, frontChannel);
    const exchange = await rp.exchangeCode(prepared, outcome.code, { certificate: harness.stranger! });
    await expectOAuthError(exchange, R.rfc8705TlsClientAuth, { errors: ['invalid_client'] });
  });
});

test.describe('mTLS-bound access token', () => {
  onlyWhere((v) => v.senderConstraint === 'mtls', 'the variant binds tokens with DPoP');

  test('resource call over client 2\'s certificate is refused', { tag: ['@negative', faultTag('ignore-certificate-binding')] }, async ({ rp, rp2, frontChannel, harness }) => {
    checks(R.rfc8705BoundTokens, R.fapi2RsKeyBinding, R.rfc8705Cnf);
    const { tokens } = await obtainTokens(rp, frontChannel);
    const own = await rp.callResource(harness.resource(), tokens.access_token);
    if (own.response.status !== 200) {
      throw new ConformanceFailure(R.rfc8705BoundTokens, 'the bound token to work over its own certificate (else the refusal below proves nothing)', `HTTP ${own.response.status}`);
    }
    await expectResourceRefused(await rp.callResource(harness.resource(), tokens.access_token, { certificate: rp2.identity }), R.rfc8705BoundTokens);
  });
});

test.describe('DPoP-bound access token', () => {
  onlyWhere((v) => v.senderConstraint === 'dpop', 'the variant binds tokens with mTLS');

  test('resource call with a proof signed by another key is refused', { tag: ['@negative', faultTag('ignore-dpop-binding')], annotation: oidf('fapi2-security-profile-final-dpop-negative-tests') }, async ({ rp, frontChannel, harness }) => {
    checks(R.rfc9449Resource, R.rfc9449ProofCheck, R.fapi2RsKeyBinding);
    const { tokens } = await obtainTokens(rp, frontChannel);
    const own = await rp.callResource(harness.resource(), tokens.access_token);
    expect(own.response.status, 'the bound token works with its own key (else the refusal below proves nothing)').toBe(200);
    await expectResourceRefused(await rp.callResource(harness.resource(), tokens.access_token, { foreignDpopKey: true }), R.rfc9449Resource);
  });
});
