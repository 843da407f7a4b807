import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { rsaModulusBits, shortRsaKeys } from '../../mock-rp/checks/keys';

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
