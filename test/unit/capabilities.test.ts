import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedReason } from '../../mock-rp/capabilities';
import type { AsMetadata } from '../../mock-rp/discovery';
import type { Variant } from '../../mock-rp/rp';

const base = { issuer: 'https://as', authorization_endpoint: 'https://as/auth', token_endpoint: 'https://as/token', jwks_uri: 'https://as/jwks' };
const full: Record<string, unknown> = {
  dpop_signing_alg_values_supported: ['ES256'],
  tls_client_certificate_bound_access_tokens: true,
  token_endpoint_auth_methods_supported: ['private_key_jwt', 'tls_client_auth'],
  response_modes_supported: ['query', 'jwt'],
};
const meta = (raw: Record<string, unknown>): AsMetadata => ({ ...base, raw: { ...base, ...raw } });
const v = (over: Partial<Variant>): Variant => ({ profile: 'fapi2-sp', clientAuth: 'private_key_jwt', senderConstraint: 'mtls', requestMethod: 'par', responseMode: 'query', ...over });

describe('variants the AS does not offer are skipped with a reason', () => {
  it('runs every variant the AS advertises', () => {
    for (const variant of [v({}), v({ senderConstraint: 'dpop' }), v({ clientAuth: 'tls_client_auth' }), v({ responseMode: 'jwt', requestMethod: 'by-value' })]) {
      assert.equal(unsupportedReason(variant, meta(full)), undefined);
    }
  });
  it('names what is missing', () => {
    assert.match(unsupportedReason(v({ senderConstraint: 'dpop' }), meta({ ...full, dpop_signing_alg_values_supported: undefined }))!, /does not advertise DPoP/);
    assert.match(unsupportedReason(v({}), meta({ ...full, tls_client_certificate_bound_access_tokens: false }))!, /certificate-bound/);
    assert.match(unsupportedReason(v({ clientAuth: 'tls_client_auth' }), meta({ ...full, token_endpoint_auth_methods_supported: ['private_key_jwt'] }))!, /tls_client_auth/);
    assert.match(unsupportedReason(v({ responseMode: 'jwt' }), meta({ ...full, response_modes_supported: ['query'] }))!, /JARM/);
    assert.match(unsupportedReason(v({ requestMethod: 'by-value' }), meta({ ...full, request_parameter_supported: false }))!, /by value/);
  });
});
