import { checkOfferedSigningAlgs, checks, expect, expectOAuthError, expectRejected, faultTag, onlyWhere, perProfile, R, test, warn, type RelyingParty, ConformanceFailure } from '../../fixtures';

const FAULT = faultTag('accept-client-secret');
/** The methods both profiles let a client authenticate with; anything else a discovery document offers is for other clients. */
const FAPI_METHODS = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];
const authClause = (v: RelyingParty['variant']) => perProfile(v, { 'fapi2-sp': R.fapi2ClientAuthMethods, 'fapi2-ms': R.fapi2ClientAuthMethods, 'fapi1-adv': R.fapi1ClientAuthMethods });
const viaPar = (rp: RelyingParty) => ({ requestMethod: rp.variant.requestMethod === 'by-value' ? ('par-signed' as const) : rp.variant.requestMethod });

test.describe('shared-secret client authentication', () => {
  test('discovery offers a client authentication method of the profile', { tag: ['@negative', faultTag('discovery-omits-auth-methods')] }, async ({ harness }) => {
    checks(authClause(harness.variant), R.fapi2DiscoveryMetadata);
    const published = harness.metadata.raw.token_endpoint_auth_methods_supported;
    // RFC 8414 2: a document without the list offers client_secret_basic alone. (A list without this variant's method
    // skips the variant before this test: mock-rp/capabilities.ts.)
    const advertised = published === undefined ? ['client_secret_basic'] : published;
    const offered = checkOfferedSigningAlgs(advertised, FAPI_METHODS)!;
    if (offered.extra.length) {
      // One discovery document serves all the AS's clients, FAPI or not: what FAPI forbids is that a FAPI client
      // authenticates so, which the tests below judge live.
      await warn(`beyond ${FAPI_METHODS.join(', ')} (${authClause(harness.variant)}): token_endpoint_auth_methods_supported also offers ${offered.extra.join(', ')}`);
    }
    if (offered.noneAllowed) {
      throw new ConformanceFailure(authClause(harness.variant), `at least one of ${FAPI_METHODS.join(', ')} advertised`, published === undefined ? 'no token_endpoint_auth_methods_supported (client_secret_basic alone, RFC 8414 2)' : `token_endpoint_auth_methods_supported ${JSON.stringify(published)}`);
    }
  });

  test.describe('with a client that holds a valid secret', () => {
    onlyWhere((v) => v.secretHolder !== undefined, 'the target configures no client holding a secret: a wrong secret would be refused by any AS and prove nothing');

    for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
      test(`PAR with ${method} is refused`, { tag: ['@negative', FAULT] }, async ({ harness, frontChannel }) => {
        const rp = await harness.relyingParty('secret-holder');
        checks(authClause(rp.variant), R.rfc6749ClientSecret, R.fapi2ParClientAuth);
        const holder = harness.variant.secretHolder!;
        const prepared = await rp.prepareAuthorization({ secretAuth: { method, clientId: holder.client_id, secret: holder.client_secret } }, viaPar(rp));
        const outcome = await expectRejected(await frontChannel.run(prepared, rp), authClause(rp.variant));
        expect(outcome.kind, 'the refusal happens at PAR, where the client authenticates').toBe('par-rejected');
      });

      test(`token request with ${method} is refused as a client authentication failure`, { tag: ['@negative', FAULT] }, async ({ harness }) => {
        const rp = await harness.relyingParty('secret-holder');
        checks(authClause(rp.variant), R.rfc6749ClientSecret, R.rfc6749TokenError);
        const holder = harness.variant.secretHolder!;
        // The code was never issued: an AS that accepted the secret would answer invalid_grant, one that refuses the
        // authentication answers invalid_client before it looks at the grant (RFC 6749 5.2).
        const exchange = await rp.tokenRequestWithBogusCode({ secretAuth: { method, clientId: holder.client_id, secret: holder.client_secret } });
        await expectOAuthError(exchange, authClause(rp.variant), { errors: ['invalid_client'] });
      });
    }
  });
});
