import { ConformanceFailure, requireThat } from '../errors';
import { R } from '../requirements';
import { describeOutcome, type FrontChannelOutcome } from '../outcome';

/**
 * RFC 9207 2 and 2.4: a plain (non-JARM) authorization response of an AS that must identify itself carries `iss`
 * equal to its issuer identifier. Applies to success and error responses alike.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function ensureIssMatches(params: Record<string, string>, issuer: string): void {
  if (params.iss === undefined) {
    throw new ConformanceFailure(R.fapi2IssInResponse, `iss=${issuer} in the authorization response`, 'no iss parameter');
  }
  requireThat(params.iss === issuer, R.rfc9207ClientValidation, `iss=${issuer}`, () => `iss=${params.iss}`);
}

/** RFC 6749 4.1.2 / 10.12: the state the client sent comes back unchanged. */
export function ensureStateEchoed(params: Record<string, string>, state: string | undefined): void {
  if (state === undefined) return;
  requireThat(params.state === state, R.rfc6749AuthzError, `state=${state}`, () => `state=${params.state ?? '(absent)'}`);
}

/**
 * RFC 9101 6.3, FAPI 1.0 Advanced 5.2.2-10: the AS uses only the request object's parameters. Refusing a request whose
 * outside parameters differ from the request object's uses none of them either (the OpenID conformance suite accepts
 * an error there too), unless the refusal carries the outside state back. Returns how the AS refused, when it did so
 * without using an outside value; undefined for a code (judged by what it carries) or a refusal that echoes one.
 */
export function refusedWithoutOutsideValues(outcome: FrontChannelOutcome, outsideState: string): string | undefined {
  if (outcome.kind === 'code') return undefined;
  if (outcome.kind === 'error-redirect' && outcome.state === outsideState) return undefined;
  return describeOutcome(outcome);
}
