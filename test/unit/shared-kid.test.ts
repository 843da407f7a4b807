import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { generateSigningKey } from '../../mock-rp/keys';
import { decoyAlgFor, keySetSharingKid } from '../../mock-rp/shared-kid';
import { jwsVerifiesWith, keyForKid } from '../../reference-server/faults/client-keys';

test('the decoy differs from the client key in key type, is allowed and advertised wherever a list is given', () => {
  assert.equal(decoyAlgFor('RSA', ['PS256', 'ES256', 'EdDSA'], [undefined]), 'ES256');
  assert.equal(decoyAlgFor('EC', ['PS256', 'ES256'], [['PS256', 'ES256']]), 'PS256');
  assert.equal(decoyAlgFor('OKP', ['PS256', 'ES256', 'EdDSA'], [['PS256'], ['PS256', 'ES256']]), 'PS256');
  assert.equal(decoyAlgFor('RSA', ['PS256', 'ES256'], [['PS256']]), undefined, 'ES256 not advertised');
  assert.equal(decoyAlgFor('RSA', ['PS256'], []), undefined, 'ES256 not allowed by the profile');
});

test('the set holds the decoy and the client key in the order asked, both public and under the client key\'s kid', async () => {
  const own = await generateSigningKey('PS256');
  const first = await keySetSharingKid({ ...own.publicJwk, d: 'secret' } as never, 'ES256', 'first');
  assert.deepEqual(first.jwks.keys.map((k) => [k.kid, k.kty, k.alg]), [[own.kid, 'EC', 'ES256'], [own.kid, 'RSA', 'PS256']]);
  for (const k of first.jwks.keys) assert.equal((k as Record<string, unknown>).d, undefined);
  const last = await keySetSharingKid(own.publicJwk, 'ES256', 'last');
  assert.deepEqual(last.jwks.keys.map((k) => [k.kid, k.kty]), [[own.kid, 'RSA'], [own.kid, 'EC']]);
});

test('the faults\' lookups by kid alone find the decoy, which does not verify what the client key signed', async () => {
  const own = await generateSigningKey('PS256');
  const { jwks } = await keySetSharingKid(own.publicJwk, 'ES256', 'first');
  const keys = jwks.keys as Record<string, unknown>[];
  const jws = await new SignJWT({ sub: 'c' }).setProtectedHeader({ alg: 'PS256', kid: own.kid }).sign(own.privateKey);
  const first = keyForKid(jws, keys, 'first');
  assert.equal(first?.kty, 'EC');
  assert.equal(jwsVerifiesWith(jws, first!), false);
  assert.equal(keyForKid(jws, keys, 'last')?.kty, 'RSA');
  assert.equal(jwsVerifiesWith(jws, keys[1]!), true);
  const es = await generateSigningKey('ES256');
  const esJws = await new SignJWT({ sub: 'c' }).setProtectedHeader({ alg: 'ES256', kid: es.kid }).sign(es.privateKey);
  assert.equal(jwsVerifiesWith(esJws, es.publicJwk as Record<string, unknown>), true);
  assert.equal(keyForKid(esJws, keys, 'first'), undefined, 'no key under that kid');
});
