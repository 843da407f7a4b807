/**
 * The Keycloak realm of the interop run: every variant's clients are under a client policy with Keycloak's own FAPI
 * profiles, the attributes the harness depends on are set, and no private key member reaches the realm file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANT_NAMES, VARIANTS } from '../../reference-server/clients';
import { buildRealm, keycloakProfiles, PROFILE_ATTRIBUTE } from '../../interop/keycloak/realm';

const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', alg: 'ES256' };
const realm = buildRealm({
  realm: 'fapi',
  redirectUri: 'https://localhost:1234/cb',
  variants: Object.fromEntries(VARIANT_NAMES.map((n) => [n, VARIANTS[n]])),
  client1: { issuerDn: 'CN=CA', subjectDn: 'CN=client1,O=FAPI Harness Test', publicJwks: { keys: [jwk] }, alg: 'ES256' },
  client2: { issuerDn: 'CN=CA', subjectDn: 'CN=client2,O=FAPI Harness Test', publicJwks: { keys: [jwk] }, alg: 'ES256' },
  clientSecret: 'secret-value',
  user: { username: 'alice', password: 'pw' },
  cancelUser: { username: 'bob', password: 'pw' },
  lifetimes: { authorizationCodeSeconds: 60, requestUriSeconds: 60 },
}) as {
  clients: { clientId: string; clientAuthenticatorType: string; consentRequired: boolean; attributes: Record<string, string> }[];
  clientPolicies: { policies: { name: string; profiles: string[]; conditions: { condition: string; configuration: { attributes: string } }[] }[] };
  attributes: Record<string, string>;
};

test('each variant maps to Keycloak built-in FAPI profiles', () => {
  assert.deepEqual(keycloakProfiles(VARIANTS['fapi2-sp-pkjwt-mtls']), ['fapi-2-security-profile']);
  assert.deepEqual(keycloakProfiles(VARIANTS['fapi2-sp-pkjwt-dpop']), ['fapi-2-dpop-security-profile']);
  assert.deepEqual(keycloakProfiles(VARIANTS['fapi2-ms-pkjwt-mtls']), ['fapi-2-message-signing']);
  assert.deepEqual(keycloakProfiles(VARIANTS['fapi1-adv-pkjwt-par']), ['fapi-1-baseline', 'fapi-1-advanced']);
  assert.deepEqual(keycloakProfiles(VARIANTS['fapi1-adv-tls-byvalue']), ['fapi-1-advanced']);
});

test('every client (the secret holder too) is under a policy whose condition names its attribute', () => {
  const policies = new Map(realm.clientPolicies.policies.map((p) => [p.name, p]));
  assert.equal(realm.clients.length, VARIANT_NAMES.length * 3);
  for (const c of realm.clients) {
    const policy = policies.get(c.attributes[PROFILE_ATTRIBUTE]!);
    assert.notEqual(c.attributes[PROFILE_ATTRIBUTE], undefined);
    assert.ok(policy, `${c.clientId} has no policy`);
    const condition = policy.conditions[0]!;
    assert.equal(condition.condition, 'client-attributes');
    assert.deepEqual(JSON.parse(condition.configuration.attributes), [{ key: PROFILE_ATTRIBUTE, value: policy.name }]);
    assert.equal(c.consentRequired, true);
  }
});

test('client authentication follows the variant; the DN is compared as a DN, not a regular expression', () => {
  const byId = new Map(realm.clients.map((c) => [c.clientId, c]));
  assert.equal(byId.get('fapi2-sp-pkjwt-mtls-1')!.clientAuthenticatorType, 'client-jwt');
  assert.equal(byId.get('fapi2-sp-pkjwt-mtls-secret')!.clientAuthenticatorType, 'client-secret');
  const tls = byId.get('fapi2-sp-tls-mtls-2')!;
  assert.equal(tls.clientAuthenticatorType, 'client-x509');
  assert.equal(tls.attributes['x509.subjectdn'], 'CN=client2,O=FAPI Harness Test');
  assert.equal(tls.attributes['x509.allow.regex.pattern.comparison'], 'false');
  // An mTLS client still signs its request objects: Keycloak verifies them with the client's JWKS.
  assert.equal(tls.attributes['use.jwks.string'], 'true');
  assert.ok(JSON.parse(tls.attributes['jwks.string']!).keys.length);
  assert.equal(byId.get('fapi2-sp-pkjwt-dpop-1')!.attributes['dpop.bound.access.tokens'], 'true');
  assert.equal(byId.get('fapi1-adv-tls-byvalue-1')!.attributes['require.pushed.authorization.requests'], 'false');
  assert.equal(realm.attributes.parRequestUriLifespan, '60');
});

test('no private key member is in the realm', () => {
  const text = JSON.stringify(realm);
  assert.doesNotMatch(text, /\\"d\\":/);
  assert.doesNotMatch(text, /"d":/);
});
