import { constants, createDecipheriv, createPrivateKey, privateDecrypt, type CipherGCMTypes, type JsonWebKey } from 'node:crypto';

/**
 * accept-request-object-rsa1-5: a request object encrypted with RSA1_5 (which oidc-provider, through jose, does not
 * implement, and FAPI 1.0 Advanced 8.6.1 forbids) is decrypted here with the server's RSA encryption key, and its
 * nested signed request object passed on. Node refuses PKCS#1 v1.5 decryption (since the Marvin attack fixes), so the
 * padding is removed by hand from a raw RSA decryption: acceptable only in a server built to be wrong.
 */
const GCM_KEY_BYTES: Record<string, number> = { A128GCM: 16, A192GCM: 24, A256GCM: 32 };

/** The plaintext of an RSA1_5 / AES-GCM compact JWE, or undefined when it is no such JWE or no key opens it. */
export function decryptRsa1_5(jwe: string, privateKeys: readonly Record<string, unknown>[]): string | undefined {
  const parts = jwe.split('.');
  if (parts.length !== 5) return undefined;
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  let header: { alg?: unknown; enc?: unknown; kid?: unknown };
  try {
    header = JSON.parse(Buffer.from(protectedHeader, 'base64url').toString('utf8')) as typeof header;
  } catch {
    return undefined;
  }
  const keyBytes = GCM_KEY_BYTES[String(header.enc)];
  if (header.alg !== 'RSA1_5' || !keyBytes) return undefined;
  for (const jwk of privateKeys.filter((k) => k.kty === 'RSA' && (header.kid === undefined || k.kid === header.kid))) {
    try {
      const block = privateDecrypt({ key: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }), padding: constants.RSA_NO_PADDING }, Buffer.from(encryptedKey, 'base64url'));
      // EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || CEK (RFC 8017 7.2.2)
      const end = block.indexOf(0, 2);
      if (block[0] !== 0 || block[1] !== 2 || end < 10) continue;
      const cek = block.subarray(end + 1);
      if (cek.length !== keyBytes) continue;
      const decipher = createDecipheriv(`aes-${keyBytes * 8}-gcm` as CipherGCMTypes, cek, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // not this key
    }
  }
  return undefined;
}
