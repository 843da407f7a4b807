import type { JSONWebKeySet } from 'jose';
import { requireThat } from '../errors';
import { R } from '../requirements';
import { ensureSignedByAs, nowSeconds } from './jwt';
import { describeOutcome, type FrontChannelOutcome } from '../outcome';

/**
 * Validates a JARM response JWT and returns the authorization response parameters inside it: signature with the
 * AS's keys and a FAPI algorithm, iss equal to the issuer, aud containing the client, exp not passed.
 * @see https://openid.net/specs/oauth-v2-jarm-final.html#name-processing-rules
 */
export async function ensureJarmResponseValid(
  response: string,
  keys: JSONWebKeySet,
  exp: { issuer: string; clientId: string; clockSkewSeconds?: number },
): Promise<{ params: Record<string, string>; header: Record<string, unknown>; payload: Record<string, unknown> }> {
  const { header, payload } = await ensureSignedByAs(response, keys, {
    requirement: R.jarmValidation,
    algRequirement: R.jarmSigningAlg,
    what: 'the JARM response',
  });
  const now = nowSeconds();
  const skew = exp.clockSkewSeconds ?? 60;
  requireThat(payload.iss === exp.issuer, R.jarmResponse, `iss ${exp.issuer}`, () => `iss ${String(payload.iss)}`);
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  requireThat(aud.includes(exp.clientId), R.jarmResponse, `aud containing ${exp.clientId}`, () => `aud ${JSON.stringify(payload.aud)}`);
  requireThat(typeof payload.exp === 'number', R.jarmResponse, 'an exp claim', () => `exp ${String(payload.exp)}`);
  requireThat((payload.exp as number) > now - skew, R.jarmValidation, 'exp in the future', () => `exp ${String(payload.exp)}, now ${now}`);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (['iss', 'aud', 'exp', 'iat'].includes(k)) continue;
    if (typeof v === 'string') params[k] = v;
  }
  return { params, header: header as Record<string, unknown>, payload: payload as Record<string, unknown> };
}

/**
 * Whether a refused JWT response mode is a verdict. FAPI asks for JARM with `response_mode=jwt` (FAPI 2.0 Message
 * Signing 5.4.1, FAPI 1.0 Advanced 5.2.2-2); `query.jwt`, `fragment.jwt` and `form_post.jwt` (JARM 2.3) are the AS's
 * to offer, and it may register a client for fewer modes than its discovery document advertises. A refusal of an
 * optional mode therefore means "not offered to this client": the returned reason (with the AS's answer) is a skip's.
 * Undefined when the outcome is to be judged: a code, or any answer to `jwt`.
 */
export function optionalJarmModeRefused(mode: string, outcome: FrontChannelOutcome): string | undefined {
  if (mode === 'jwt' || outcome.kind === 'code') return undefined;
  const how = outcome.kind === 'error-page' ? 'the AS showed an error page' : 'the AS refused it';
  return `response_mode "${mode}" is not offered to this client (JARM makes it optional; FAPI needs "jwt"): ${how}: ${describeOutcome(outcome)}`;
}
