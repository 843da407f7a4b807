import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { ensureSignedByAs } from '../../mock-rp/checks/jwt';

async function key(kid: string): Promise<{ jwk: JWK; privateKey: CryptoKey }> {
  const { publicKey, privateKey } = await generateKeyPair('PS256', { extractable: true });
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'PS256', use: 'sig' }, privateKey: privateKey as CryptoKey };
}
const sign = (k: { privateKey: CryptoKey }, kid: string) => new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'PS256', kid }).sign(k.privateKey);
const opts = { requirement: 'REQ', algRequirement: 'ALG', what: 'the JWT' };

describe('the signature of a JWT the AS signed', () => {
  it('verifies with whichever of several alike keys under one kid signed it (FAPI 2.0 SP 5.4.3)', async () => {
    const [a, b] = [await key('same'), await key('same')];
    await ensureSignedByAs(await sign(b, 'same'), { keys: [a.jwk, b.jwk] }, opts);
    await ensureSignedByAs(await sign(a, 'same'), { keys: [a.jwk, b.jwk] }, opts);
  });
  it('fails when none of the keys that match verifies it, naming that', async () => {
    const [a, b, c] = [await key('same'), await key('same'), await key('same')];
    await assert.rejects(ensureSignedByAs(await sign(c, 'same'), { keys: [a.jwk, b.jwk] }, opts), /REQ.*none of the keys of the JWK set that match/s);
    await assert.rejects(ensureSignedByAs(await sign(c, 'same'), { keys: [a.jwk] }, opts), /REQ: expected the JWT signature verifiable/);
  });
});
