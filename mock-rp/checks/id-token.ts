import type { JSONWebKeySet, JWTPayload } from 'jose';
import { ConformanceFailure, requireThat } from '../errors';
import { R } from '../requirements';
import { ensureSignedByAs, leftHalfHash, nowSeconds } from './jwt';

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce?: string;
  /** Values the hashes must bind when the AS includes them. */
  code?: string;
  accessToken?: string;
  state?: string;
  /** Require s_hash (FAPI 1.0 Advanced, ID token as detached signature). */
  requireSHash?: boolean;
  clockSkewSeconds?: number;
}

/**
 * Validates an ID token as OpenID Connect Core 3.1.3.7 asks of a client: signature with the AS's keys and a FAPI
 * algorithm, iss, aud, exp, iat, nonce, and the c_hash / at_hash / s_hash values when present.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function ensureIdTokenValid(idToken: string, keys: JSONWebKeySet, exp: IdTokenExpectations): Promise<JWTPayload> {
  const req = R.oidcIdTokenValidation;
  const { header, payload } = await ensureSignedByAs(idToken, keys, { requirement: req, algRequirement: R.fapi2AlgorithmsAllowed, what: 'the ID token' });
  const skew = exp.clockSkewSeconds ?? 60;
  const now = nowSeconds();
  requireThat(payload.iss === exp.issuer, req, `iss ${exp.issuer}`, () => `iss ${String(payload.iss)}`);
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  requireThat(aud.includes(exp.clientId), req, `aud containing ${exp.clientId}`, () => `aud ${JSON.stringify(payload.aud)}`);
  if (aud.length > 1) requireThat(payload.azp === exp.clientId, req, `azp ${exp.clientId} when aud has several values`, () => `azp ${String(payload.azp)}`);
  requireThat(typeof payload.sub === 'string' && payload.sub.length > 0, R.oidcIdToken, 'a sub claim', () => `sub ${String(payload.sub)}`);
  requireThat(typeof payload.exp === 'number' && payload.exp > now - skew, req, 'exp in the future', () => `exp ${String(payload.exp)}, now ${now}`);
  requireThat(typeof payload.iat === 'number' && payload.iat <= now + skew, req, 'iat not in the future', () => `iat ${String(payload.iat)}, now ${now}`);
  if (exp.nonce !== undefined) {
    requireThat(payload.nonce === exp.nonce, R.oidcNonce, `nonce ${exp.nonce}`, () => `nonce ${String(payload.nonce)}`);
  }
  const alg = header.alg ?? 'PS256';
  checkHash(payload, 'c_hash', exp.code, alg, R.oidcCHash);
  checkHash(payload, 'at_hash', exp.accessToken, alg, R.oidcAtHash);
  checkHash(payload, 's_hash', exp.state, alg, R.fapi1SHash);
  if (exp.requireSHash && exp.state !== undefined && payload.s_hash === undefined) {
    throw new ConformanceFailure(R.fapi1SHash, 's_hash in the ID token', 'no s_hash');
  }
  return payload;
}

function checkHash(payload: JWTPayload, claim: string, value: string | undefined, alg: string, requirement: string): void {
  const actual = payload[claim];
  if (actual === undefined || value === undefined) return;
  const expected = leftHalfHash(value, alg);
  requireThat(actual === expected, requirement, `${claim} ${expected}`, () => `${claim} ${String(actual)}`);
}
