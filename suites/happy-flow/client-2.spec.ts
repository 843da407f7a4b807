import { checks, expect, perProfile, R, test, ConformanceFailure } from '../../fixtures';

test.describe('second client', () => {
  test('client 2 (its own keys and algorithm) is accepted at PAR', { tag: ['@positive', '@happy'] }, async ({ rp2 }) => {
    checks(
      R.rfc9126Response,
      perProfile(rp2.variant, { 'fapi2-sp': R.fapi2ClientAuthMethods, 'fapi2-ms': R.fapi2msSignedRequestObject, 'fapi1-adv': R.fapi1SignedRequestObject }),
    );
    // Client 2 signs with another key type than client 1 (ES256 vs PS256 on the reference server), so both of the
    // FAPI algorithms are exercised for client assertions and request objects; the negative tests rely on it too.
    const prepared = await rp2.prepareAuthorization({}, { requestMethod: rp2.variant.requestMethod === 'by-value' ? 'par-signed' : rp2.variant.requestMethod });
    if (prepared.kind === 'par-rejected') {
      throw new ConformanceFailure(R.rfc9126Response, 'HTTP 201 with a request_uri for a conforming request', `HTTP ${prepared.status} ${prepared.error} ${prepared.error_description ?? ''}`);
    }
    expect(prepared.url).toContain('request_uri=');
  });
});
