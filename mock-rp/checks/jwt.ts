import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { JWS_HEADER_ALGS } from '../algorithms';
import { ConformanceFailure } from '../errors';
import { R } from '../requirements';
import { redactBody } from '../redact';


export interface DecodedJwt {
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/** Decodes without verifying; an undecodable value is the AS's fault when the AS produced it. */
export function decodeJwtOrFail(jwt: string, requirement: string, what: string): DecodedJwt {
  try {
    return { header: decodeProtectedHeader(jwt), payload: decodeJwt(jwt) };
  } catch (e) {
    throw new ConformanceFailure(requirement, `${what} to be a JWS compact serialisation`, `${truncate(jwt)} (${(e as Error).message})`);
  }
}

/**
 * Verifies the signature of a JWT the AS produced with the AS's published keys, restricted to FAPI algorithms.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function ensureSignedByAs(
  jwt: string,
  keys: JSONWebKeySet,
  opts: { requirement: string; algRequirement: string; what: string; allowedAlgs?: readonly string[] },
): Promise<DecodedJwt> {
  const decoded = decodeJwtOrFail(jwt, opts.requirement, opts.what);
  const allowed = opts.allowedAlgs ?? JWS_HEADER_ALGS;
  if (!decoded.header.alg || !allowed.includes(decoded.header.alg)) {
    throw new ConformanceFailure(opts.algRequirement, `${opts.what} signed with one of ${allowed.join(', ')}`, `alg ${decoded.header.alg ?? '(none)'}`);
  }
  const unusable = (keys as { unusable?: string }).unusable;
  if (unusable) throw new ConformanceFailure(R.rfc8414JwksUri, `a JWK Set at jwks_uri to validate ${opts.what}`, unusable);
  try {
    await verifyWithAnyMatchingKey(jwt, keys, allowed);
  } catch (e) {
    throw new ConformanceFailure(opts.requirement, `${opts.what} signature verifiable with the AS's jwks_uri keys`, `${(e as Error).message} (kid ${decoded.header.kid ?? 'absent'})`);
  }
  return decoded;
}

/**
 * Verifies with the key of the JWK set that the header selects; where several keys match (kid, kty, alg and use alike),
 * with each in turn, as FAPI 2.0 SP 5.4.3 and FAPI 1.0 Advanced 8.11 ask of a verifier. A repeated kid is only a
 * SHOULD NOT (RFC 7517 4.5), judged by the JWK-set check, not by failing every signature under it.
 */
async function verifyWithAnyMatchingKey(jwt: string, keys: JSONWebKeySet, allowed: readonly string[]): Promise<void> {
  const options = { algorithms: [...allowed], clockTolerance: 3600 * 24 * 365 * 100 };
  try {
    await jwtVerify(jwt, createLocalJWKSet(keys), options);
  } catch (e) {
    if (!(e instanceof joseErrors.JWKSMultipleMatchingKeys)) throw e;
    for await (const key of e as unknown as AsyncIterable<CryptoKey>) {
      try {
        await jwtVerify(jwt, key, options);
        return;
      } catch {
        // the next key that matches
      }
    }
    throw new Error('none of the keys of the JWK set that match the header verifies the signature');
  }
}

/** OIDC Core 3.1.3.6 / 3.3.2.11: left-most half of the hash of the ASCII value, base64url. */
export function leftHalfHash(value: string, alg: string): string {
  const bits = alg === 'EdDSA' || alg === 'Ed25519' ? 512 : Number(/(\d{3})$/.exec(alg)?.[1] ?? 256);
  const digest = createHash(`sha${bits === 512 ? 512 : bits === 384 ? 384 : 256}`).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The start of a body the AS sent, for a message: secret-named values redacted (an AS may put tokens anywhere). */
export function excerpt(body: string, contentType: string | undefined, max = 200): string {
  return truncate(redactBody(body, contentType), max);
}

export function truncate(value: string, max = 120): string {
  return value.length > max ? `${value.slice(0, max)}… (${value.length} chars)` : value;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * The header parameters that point a verifier at keys by URL (x5u, RFC 7515 4.1.5; jku, 4.1.2) in the protected headers
 * of JWTs the AS signed, one line each. FAPI 2.0 SP 5.4.2 and FAPI 1.0 Advanced 8.9 recommend (should) that neither is
 * used: a verifier that followed one would take keys from wherever the token says.
 */
export function keyUrlHeaders(signed: readonly { what: string; header: Record<string, unknown> }[]): string[] {
  return signed.flatMap(({ what, header }) => (['x5u', 'jku'] as const).filter((p) => header[p] !== undefined).map((p) => `${what}: ${p} ${JSON.stringify(header[p])}`));
}

/**
 * FAPI 2.0 SP 5.4.2 / FAPI 1.0 Advanced 8.9: the JWTs the AS signs carry no x5u or jku header. A SHOULD: the caller's
 * requirement decides the level.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.4.2
 */
export function ensureNoKeyUrlHeaders(signed: readonly { what: string; header: Record<string, unknown> }[], requirement: string): void {
  const found = keyUrlHeaders(signed);
  if (found.length) throw new ConformanceFailure(requirement, 'no x5u or jku header in the JWTs the AS signs', found.join('; '));
}

