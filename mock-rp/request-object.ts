import { randomUUID } from 'node:crypto';
import { CompactEncrypt, SignJWT, importJWK, type JWK } from 'jose';
import type { SigningKey } from './keys';

/** Deliberate violations of JAR (RFC 9101) a negative test may ask for. */
export type RequestObjectTamper =
  /** `alg: none` and no signature: FAPI requires signed request objects. */
  | { kind: 'unsigned' };

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
    iss: opts.clientId,
    aud: opts.audience,
    iat: now,
    nbf: now,
    exp: now + (opts.lifetimeSeconds ?? 300),
    jti: randomUUID(),
  };
  let jwt: string;
  if (opts.tamper?.kind === 'unsigned') {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    jwt = `${enc({ alg: 'none', typ: 'oauth-authz-req+jwt' })}.${enc(claims)}.`;
  } else {
    jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: opts.signingKey.alg, kid: opts.signingKey.kid, typ: 'oauth-authz-req+jwt' })
      .sign(opts.signingKey.privateKey);
  }
  if (!opts.encryptTo) return jwt;
  const key = await importJWK(opts.encryptTo.jwk, opts.encryptTo.alg);
  return new CompactEncrypt(new TextEncoder().encode(jwt))
    .setProtectedHeader({ alg: opts.encryptTo.alg, enc: opts.encryptTo.enc, cty: 'JWT', ...(opts.encryptTo.jwk.kid ? { kid: opts.encryptTo.jwk.kid } : {}) })
    .encrypt(key);
}
