import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_PKI_DIR, pkiPaths } from '../../certs/pki';
import { fapiClientMetadata, refusalNamesMetadata, subjectDn } from '../../mock-rp/registration';
import type { Variant } from '../../mock-rp/rp';
import { rfc4514FromNodeSubject } from '../../reference-server/mtls';
import { X509Certificate } from 'node:crypto';

const paths = pkiPaths(DEFAULT_PKI_DIR);
const cert = readFileSync(paths.client1.cert, 'utf8');
const keys = { publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' }, alg: 'ES256', certificatePem: cert };
const base: Variant = { profile: 'fapi2-sp', clientAuth: 'private_key_jwt', senderConstraint: 'mtls', requestMethod: 'par', responseMode: 'query' };
const build = (variant: Partial<Variant>, extra?: Record<string, unknown>, asMetadata: Record<string, unknown> = {}) =>
  fapiClientMetadata({ variant: { ...base, ...variant }, keys, redirectUri: 'https://localhost:8443/cb', scope: 'openid', clientName: 'c', asMetadata, ...(extra ? { extra } : {}) });

describe('registration metadata of a FAPI client', () => {
  it('private_key_jwt with mTLS-bound tokens: the signing algorithm of its key, keys by value, https redirect URI', () => {
    const m = build({});
    assert.equal(m.token_endpoint_auth_method, 'private_key_jwt');
    assert.equal(m.token_endpoint_auth_signing_alg, 'ES256');
    assert.equal(m.tls_client_certificate_bound_access_tokens, true);
    assert.equal(m.dpop_bound_access_tokens, undefined);
    assert.deepEqual(m.jwks, { keys: [keys.publicJwk] });
    assert.deepEqual(m.redirect_uris, ['https://localhost:8443/cb']);
    assert.equal(m.request_object_signing_alg, undefined, 'plain PAR signs no request object');
    assert.equal(m.authorization_signed_response_alg, undefined, 'no JARM in query mode');
  });
  it('tls_client_auth names the certificate subject; signed requests, JARM and DPoP add their members', () => {
    const m = build({ clientAuth: 'tls_client_auth', requestMethod: 'par-signed', responseMode: 'jwt', senderConstraint: 'dpop' }, undefined, { authorization_signing_alg_values_supported: ['ES256', 'RS256'] });
    assert.equal(m.token_endpoint_auth_method, 'tls_client_auth');
    assert.equal(m.token_endpoint_auth_signing_alg, undefined);
    assert.equal(m.tls_client_auth_subject_dn, subjectDn(cert));
    assert.equal(m.request_object_signing_alg, 'ES256');
    assert.equal(m.authorization_signed_response_alg, 'ES256', 'the first FAPI algorithm the AS advertises');
    assert.equal(m.dpop_bound_access_tokens, true);
  });
  it('configured members are added and win', () => {
    const m = build({}, { fapi_profile: '2.0', scope: 'openid accounts' });
    assert.equal(m.fapi_profile, '2.0');
    assert.equal(m.scope, 'openid accounts');
  });
  it('the subject DN is RFC 4514 (most specific first) and matches what the reference server derives', () => {
    const dn = subjectDn(cert);
    assert.match(dn, /^CN=/);
    assert.equal(dn, rfc4514FromNodeSubject(new X509Certificate(cert).subject));
  });
});

describe('a 401/403 answer to a registration', () => {
  it('that names an RFC 7591 refusal code judged the metadata (Keycloak: 403 insufficient_scope / invalid_client_metadata)', () => {
    assert.equal(refusalNamesMetadata(403, { error: 'insufficient_scope', error_description: 'invalid_client_metadata' }), true);
    assert.equal(refusalNamesMetadata(403, { error: 'invalid_redirect_uri' }), true);
    assert.equal(refusalNamesMetadata(403, { error: 'insufficient_scope', error_description: 'invalid_request' }), true);
  });
  it('without one says nothing about the metadata (initial access token or software statement refused)', () => {
    assert.equal(refusalNamesMetadata(401, { error: 'invalid_token' }), false);
    assert.equal(refusalNamesMetadata(403, { error: 'insufficient_scope', error_description: "Policy 'Allowed Client Scopes' rejected request" }), false);
    assert.equal(refusalNamesMetadata(403, undefined), false);
    assert.equal(refusalNamesMetadata(400, { error: 'invalid_client_metadata' }), false);
  });
});
