import type { JWK } from 'jose';
import { checks, expectRejected, faultTag, obtainTokens, onlyWhere, perProfile, R, RSA1_5_ENCS, test, type RelyingParty } from '../../fixtures';

/**
 * A signed request object encrypted to the AS (a nested JWT, RFC 9101 6.1) is accepted where the AS advertises request
 * object encryption: JAR allows it, and FAPI 1.0 Advanced 5.2.2-1 names signed, "and optionally encrypted", request
 * objects. The algorithm and method are the first the AS advertises that it also has a key for.
 */

const SUPPORTED_ALGS: Record<string, string> = { 'RSA-OAEP-256': 'RSA', 'RSA-OAEP': 'RSA', 'ECDH-ES': 'EC', 'ECDH-ES+A128KW': 'EC', 'ECDH-ES+A256KW': 'EC' };
const signedClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2msSignedRequestObject, 'fapi2-ms': R.fapi2msSignedRequestObject, 'fapi1-adv': R.fapi1SignedRequestObject });

/** The advertised key-management algorithm and content encryption the AS has an encryption key for, if any. */
function encryptionFor(rp: RelyingParty): { jwk: JWK; alg: string; enc: string } | string {
  const raw = rp.metadata.raw;
  const algs = Array.isArray(raw.request_object_encryption_alg_values_supported) ? (raw.request_object_encryption_alg_values_supported as string[]) : [];
  const encs = Array.isArray(raw.request_object_encryption_enc_values_supported) ? (raw.request_object_encryption_enc_values_supported as string[]) : [];
  if (!algs.length) return 'the AS does not advertise request object encryption (request_object_encryption_alg_values_supported)';
  const enc = encs.find((e) => /^A(128|192|256)(GCM|CBC-HS(256|384|512))$/.test(e));
  if (!enc) return `the AS advertises no content encryption the harness supports (${encs.join(', ') || 'none'})`;
  for (const alg of algs) {
    const kty = SUPPORTED_ALGS[alg];
    const jwk = rp.asKeys.keys.find((k) => k.kty === kty && (k.use === 'enc' || (!k.use && (!k.alg || k.alg === alg))) && (!k.alg || k.alg === alg));
    if (kty && jwk) return { jwk, alg, enc };
  }
  return `the AS's JWKS has no encryption key for the algorithms it advertises (${algs.join(', ')})`;
}

/** The AS's RSA encryption key and an AES-GCM content encryption it advertises, for a request object wrapped with RSA1_5. */
function rsa1_5Target(rp: RelyingParty): { jwk: JWK; alg: string; enc: string } | string {
  const raw = rp.metadata.raw;
  const algs = Array.isArray(raw.request_object_encryption_alg_values_supported) ? (raw.request_object_encryption_alg_values_supported as string[]) : [];
  const encs = Array.isArray(raw.request_object_encryption_enc_values_supported) ? (raw.request_object_encryption_enc_values_supported as string[]) : [];
  if (!algs.length) return 'the AS does not advertise request object encryption (request_object_encryption_alg_values_supported): it decrypts none';
  const jwk = rp.asKeys.keys.find((k) => k.kty === 'RSA' && k.use === 'enc') ?? rp.asKeys.keys.find((k) => k.kty === 'RSA' && !k.use);
  if (!jwk) return 'the AS\'s JWK set has no RSA key for encryption: a request object cannot be wrapped with RSA1_5 to it';
  const enc = encs.find((e) => RSA1_5_ENCS.includes(e)) ?? 'A256GCM';
  return { jwk, alg: 'RSA1_5', enc };
}

test.describe('encrypted request object', () => {
  onlyWhere((v) => v.requestMethod !== 'par', 'the variant sends plain parameters at PAR (FAPI 2.0 Security Profile): it signs no request object');

  test('a signed and encrypted request object (JWE) is accepted', { tag: '@positive' }, async ({ rp, frontChannel }) => {
    const encryption = encryptionFor(rp);
    test.skip(typeof encryption === 'string', typeof encryption === 'string' ? encryption : '');
    if (typeof encryption === 'string') return;
    checks(signedClause(rp), R.rfc9101RequestObject);
    test.info().annotations.push({ type: 'encryption', description: `${encryption.alg} / ${encryption.enc}, key ${encryption.jwk.kid ?? '(no kid)'}` });
    await obtainTokens(rp, frontChannel, { encryptRequestObject: encryption });
  });

  test('a FAPI 1.0 request object encrypted with RSA1_5 is refused', { tag: ['@negative', faultTag('accept-request-object-rsa1-5')] }, async ({ rp, frontChannel }) => {
    test.skip(rp.variant.profile !== 'fapi1-adv', 'FAPI 2.0 sets no rule on JWE key management (FAPI 1.0 Advanced 8.6.1 forbids RSA1_5)');
    const encryption = rsa1_5Target(rp);
    test.skip(typeof encryption === 'string', typeof encryption === 'string' ? encryption : '');
    if (typeof encryption === 'string') return;
    checks(R.fapi1NoRsa1_5);
    test.info().annotations.push({ type: 'encryption', description: `RSA1_5 / ${encryption.enc}, key ${encryption.jwk.kid ?? '(no kid)'}` });
    const prepared = await rp.prepareAuthorization({ encryptRequestObject: encryption }, { requestMethod: 'par-signed' });
    await expectRejected(await frontChannel.run(prepared, rp), R.fapi1NoRsa1_5, { errors: ['invalid_request_object', 'invalid_request'] });
  });
});
