/**
 * One algorithm list per profile, and the two judgements that read it where one discovery document serves every
 * client of an AS: a list is judged for what it lacks (an algorithm the profile allows), its extras only warned
 * about; and a refused optional JARM mode is "not offered to this client", never a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JWS_HEADER_ALGS, FAPI_SIGNING_ALGS, signingAlgsFor } from '../../mock-rp/algorithms';
import { checkOfferedSigningAlgs } from '../../mock-rp/checks/algorithms';
import { optionalJarmModeRefused } from '../../mock-rp/checks/jarm';

describe('signing algorithms per profile', () => {
  it('FAPI 1.0 allows PS256 and ES256, FAPI 2.0 also EdDSA', () => {
    assert.deepEqual(signingAlgsFor('fapi1-adv'), ['PS256', 'ES256']);
    assert.deepEqual(signingAlgsFor('fapi2-sp'), ['PS256', 'ES256', 'EdDSA']);
    assert.deepEqual(signingAlgsFor('fapi2-ms'), signingAlgsFor('fapi2-sp'));
    assert.deepEqual([...FAPI_SIGNING_ALGS], ['PS256', 'ES256', 'EdDSA']);
    assert.ok(JWS_HEADER_ALGS.includes('Ed25519'), 'the fully specified name of EdDSA with Ed25519 (RFC 9864)');
  });
});

describe('checkOfferedSigningAlgs', () => {
  const fapi1 = signingAlgsFor('fapi1-adv');
  it('a list shared with FAPI 2.0 and other clients is no failure for FAPI 1.0: its extras are reported', () => {
    assert.deepEqual(checkOfferedSigningAlgs(['PS256', 'ES256', 'EdDSA', 'RS256'], fapi1), { noneAllowed: false, extra: ['EdDSA', 'RS256'] });
  });
  it('a list without any algorithm of the profile is', () => {
    assert.deepEqual(checkOfferedSigningAlgs(['RS256'], fapi1), { noneAllowed: true, extra: ['RS256'] });
    assert.deepEqual(checkOfferedSigningAlgs(['EdDSA'], fapi1), { noneAllowed: true, extra: ['EdDSA'] });
    assert.equal(checkOfferedSigningAlgs([], fapi1)?.noneAllowed, true);
    assert.equal(checkOfferedSigningAlgs('PS256', fapi1)?.noneAllowed, true, 'not a JSON array');
  });
  it('EdDSA alone is enough for FAPI 2.0', () => {
    assert.deepEqual(checkOfferedSigningAlgs(['EdDSA'], signingAlgsFor('fapi2-sp')), { noneAllowed: false, extra: [] });
  });
  it('an absent list is not judged here', () => {
    assert.equal(checkOfferedSigningAlgs(undefined, fapi1), undefined);
  });
});

describe('optionalJarmModeRefused', () => {
  const refusedAtPar = { kind: 'par-rejected', status: 400, error: 'invalid_request', error_description: 'requested response_mode is not allowed for this client' } as const;
  it('an optional mode refused at PAR is not offered to this client, with the AS\'s answer', () => {
    const reason = optionalJarmModeRefused('query.jwt', refusedAtPar);
    assert.match(reason ?? '', /"query\.jwt" is not offered to this client/);
    assert.match(reason ?? '', /invalid_request \(requested response_mode is not allowed for this client\)/);
  });
  it('so is one refused by an error redirect or an error page', () => {
    assert.match(optionalJarmModeRefused('form_post.jwt', { kind: 'error-redirect', error: 'unsupported_response_mode', params: {}, viaJarm: false }) ?? '', /unsupported_response_mode/);
    assert.match(optionalJarmModeRefused('fragment.jwt', { kind: 'error-page', url: 'https://as.example/auth', status: 400, text: 'unsupported response mode' }) ?? '', /error page/);
  });
  it('a refusal of jwt, which FAPI needs, is judged; so is every code', () => {
    assert.equal(optionalJarmModeRefused('jwt', refusedAtPar), undefined);
    assert.equal(optionalJarmModeRefused('query.jwt', { kind: 'code', code: 'c', params: {}, viaJarm: true }), undefined);
  });
});
