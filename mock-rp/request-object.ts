import { randomUUID } from 'node:crypto';
import { CompactEncrypt, SignJWT, importJWK, type JWK } from 'jose';
import { encryptRsa1_5 } from './jwe-rsa1_5';
import type { SigningKey } from './keys';

/** Deliberate violations of JAR (RFC 9101) a negative test may ask for. */
export type RequestObjectTamper =
  /** `alg: none` and no signature: FAPI requires signed request objects. */
  | { kind: 'unsigned' }
  /** A signed request object with claims left out or changed, signed with another key, or with a broken signature. */
  | {
      kind: 'signed';
      /** Claims left out, e.g. ['exp']. */
      omitClaims?: string[];
      /** Claims set from the current time (seconds), e.g. (now) => ({ exp: now - 60 }): back-dated, never waited for. */
      claims?: (now: number) => Record<string, unknown>;
      /** Sign with this key instead of the client's own (another client's key, or the client's key under RS256). */
      signWith?: SigningKey;
      /** Flip a bit of the signature, so that it no longer verifies. */
      corruptSignature?: boolean;
    };

export interface RequestObjectOptions {
  clientId: string;
  audience: string;
  signingKey: SigningKey;
  /** Lifetime; FAPI 1.0 Advanced asks exp - nbf ≤ 60 min. */
  lifetimeSeconds?: number;
  tamper?: RequestObjectTamper;
  /** Encrypt the signed request object to this public key of the AS (JWE, RFC 9101 6.1). */
  encryptTo?: { jwk: JWK; alg: string; enc: string };
}

/** Builds a request object (RFC 9101 4) carrying every authorization parameter plus iss/aud/exp/nbf/iat/jti. */
export async function createRequestObject(params: Record<string, string>, opts: RequestObjectOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    ...params,
    // OIDC Core 6.1: inside a request object, `claims` is a JSON object, not the string the query form carries.
    ...(params.claims !== undefined ? { claims: parseJsonObject(params.claims) } : {}),
    iss: opts.clientId,
    aud: opts.audience,
    iat: now,
    nbf: now,
    exp: now + (opts.lifetimeSeconds ?? 300),
    jti: randomUUID(),
  };
  const tamper = opts.tamper?.kind === 'signed' ? opts.tamper : undefined;
  for (const k of tamper?.omitClaims ?? []) delete claims[k];
  Object.assign(claims, tamper?.claims?.(now) ?? {});
  let jwt: string;
  if (opts.tamper?.kind === 'unsigned') {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    jwt = `${enc({ alg: 'none', typ: 'oauth-authz-req+jwt' })}.${enc(claims)}.`;
  } else {
    const key = tamper?.signWith ?? opts.signingKey;
    jwt = await new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'oauth-authz-req+jwt' }).sign(key.privateKey);
    if (tamper?.corruptSignature) jwt = corruptSignature(jwt);
  }
  if (!opts.encryptTo) return jwt;
  if (opts.encryptTo.alg === 'RSA1_5') return encryptRsa1_5(jwt, opts.encryptTo.jwk, opts.encryptTo.enc, { cty: 'JWT' });
  const key = await importJWK(opts.encryptTo.jwk, opts.encryptTo.alg);
  return new CompactEncrypt(new TextEncoder().encode(jwt))
    .setProtectedHeader({ alg: opts.encryptTo.alg, enc: opts.encryptTo.enc, cty: 'JWT', ...(opts.encryptTo.jwk.kid ? { kid: opts.encryptTo.jwk.kid } : {}) })
    .encrypt(key);
}

function parseJsonObject(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? parsed : value;
  } catch {
    return value;
  }
}

/** The same JWS with one bit of its signature flipped: well-formed, but it no longer verifies. */
export function corruptSignature(jws: string): string {
  const [h, p, sig] = jws.split('.');
  const bytes = Buffer.from(sig!, 'base64url');
  bytes[bytes.length >> 1]! ^= 0x01;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}
