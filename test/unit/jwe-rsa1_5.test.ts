import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { JWK } from 'jose';
import { encryptRsa1_5 } from '../../mock-rp/jwe-rsa1_5';
import { decryptRsa1_5 } from '../../reference-server/faults/rewrite/jwe';

const keyPair = (kid: string) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pub: { ...publicKey.export({ format: 'jwk' }), kid, use: 'enc' } as JWK, priv: { ...privateKey.export({ format: 'jwk' }), kid, use: 'enc' } as Record<string, unknown> };
};

describe('RSA1_5 JWE (the harness builds one; a faulty server opens it)', () => {
  const a = keyPair('a');
  const b = keyPair('b');
  it('round-trips a nested JWT with each AES-GCM size, and names RSA1_5 in the protected header', () => {
    for (const enc of ['A128GCM', 'A192GCM', 'A256GCM']) {
      const jwe = encryptRsa1_5('eyJhbGciOiJQUzI1NiJ9.e30.sig', a.pub, enc, { cty: 'JWT' });
      const header = JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
      assert.deepEqual(header, { cty: 'JWT', alg: 'RSA1_5', enc, kid: 'a' });
      assert.equal(decryptRsa1_5(jwe, [b.priv, a.priv]), 'eyJhbGciOiJQUzI1NiJ9.e30.sig');
    }
  });
  it('opens nothing with another key, a tampered ciphertext, another algorithm, or a JWS', () => {
    const jwe = encryptRsa1_5('payload', a.pub, 'A256GCM');
    assert.equal(decryptRsa1_5(jwe, [{ ...b.priv, kid: 'a' }]), undefined);
    const parts = jwe.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    assert.equal(decryptRsa1_5(parts.join('.'), [a.priv]), undefined);
    const oaep = [Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })).toString('base64url'), ...jwe.split('.').slice(1)].join('.');
    assert.equal(decryptRsa1_5(oaep, [a.priv]), undefined);
    assert.equal(decryptRsa1_5('a.b.c', [a.priv]), undefined);
  });
  it('refuses a content encryption it does not build', () => {
    assert.throws(() => encryptRsa1_5('x', a.pub, 'A128CBC-HS256'), /A128CBC-HS256/);
  });
});
