import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { repeatedKids, rsaModulusBits, shortRsaKeys } from '../../mock-rp/checks/keys';

const rsa = (bits: number, kid: string): Record<string, unknown> => ({ ...(generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid });

test('the modulus length of an RSA key, leading zero octets ignored', () => {
  assert.equal(rsaModulusBits(rsa(2048, 'a').n as string), 2048);
  assert.equal(rsaModulusBits(rsa(1024, 'b').n as string), 1024);
  assert.equal(rsaModulusBits(Buffer.from([0, 0x01, 0xff]).toString('base64url')), 9);
});

test('only RSA keys shorter than 2048 bits are reported', () => {
  const ec = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'ec' };
  assert.deepEqual(shortRsaKeys({ keys: [rsa(2048, 'ok'), rsa(3072, 'big'), ec] }), []);
  assert.deepEqual(shortRsaKeys({ keys: [rsa(2048, 'ok'), rsa(1024, 'short'), { kty: 'RSA', kid: 'empty' }] }), ['RSA key "short" has 1024 bits', 'RSA key "empty" has no modulus']);
});

test('a kid carried by several keys is reported once, naming the keys; keys without a kid are not compared', () => {
  const sig = { kty: 'RSA', use: 'sig', alg: 'PS256', kid: 'k1' };
  const ec = { kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256', kid: 'k1' };
  assert.deepEqual(repeatedKids({ keys: [sig, { ...ec, kid: 'k2' }, { kty: 'EC' }, { kty: 'RSA' }] }), []);
  assert.deepEqual(repeatedKids({ keys: [sig, ec, { ...sig, kid: 'k3' }] }), ['kid "k1" on 2 keys (RSA sig PS256; EC P-256 sig ES256)']);
  assert.deepEqual(repeatedKids({ keys: [sig, sig, sig] }), ['kid "k1" on 3 keys (RSA sig PS256; RSA sig PS256; RSA sig PS256)']);
  assert.deepEqual(repeatedKids({}), []);
});
