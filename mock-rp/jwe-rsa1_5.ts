import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes, type CipherGCMTypes, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * A compact JWE whose content key is wrapped with RSA1_5 (RSAES-PKCS1-v1_5, RFC 7518 4.2), built by hand: jose offers
 * no RSA1_5, and FAPI 1.0 Advanced 8.6.1 forbids it, so the harness needs it only to send one that must be refused.
 * The content is encrypted with AES-GCM (RFC 7518 5.3).
 */
const GCM_KEY_BYTES: Record<string, number> = { A128GCM: 16, A192GCM: 24, A256GCM: 32 };

export const RSA1_5_ENCS = Object.keys(GCM_KEY_BYTES);

export function encryptRsa1_5(plaintext: string, jwk: JWK, enc: string, header: Record<string, unknown> = {}): string {
  const keyBytes = GCM_KEY_BYTES[enc];
  if (!keyBytes) throw new Error(`RSA1_5 JWE: content encryption ${enc} is not one of ${RSA1_5_ENCS.join(', ')}`);
  const protectedHeader = Buffer.from(JSON.stringify({ ...header, alg: 'RSA1_5', enc, ...(jwk.kid ? { kid: jwk.kid } : {}) })).toString('base64url');
  const cek = randomBytes(keyBytes);
  const encryptedKey = publicEncrypt({ key: createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), padding: constants.RSA_PKCS1_PADDING }, cek);
  const iv = randomBytes(12);
  const cipher = createCipheriv(`aes-${keyBytes * 8}-gcm` as CipherGCMTypes, cek, iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [protectedHeader, encryptedKey.toString('base64url'), iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}
