import { decodeJwt } from 'jose';
import {
  ConformanceFailure,
  checks,
  expectCode,
  obtainTokens,
  oidf,
  R,
  test,
  type FrontChannel,
  type RelyingParty,
} from '../../fixtures';

/**
 * What a conforming AS must accept in the authorization request's state, nonce and scope, and what it must give back.
 * Each request travels as the variant sends it (PAR with plain parameters, PAR with a signed request object, or the
 * request object by value), so FAPI 1.0 and Message Signing put the values inside the request object.
 */

/** 384 characters: well beyond common lengths, well within URL and request object limits. */
const LONG = 384;
const value = (n: number) => Array.from({ length: n }, (_, i) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'[i % 64]).join('');

test.describe('state, nonce and scope in the authorization request', () => {
  test(
    'without state: the code comes back with no state, and the ID token has no s_hash',
    { tag: '@positive', annotation: oidf('ensure-authorization-request-without-state-success') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc6749AuthzResponse, R.fapi1SHash);
      const { outcome, tokens } = await obtainTokens(rp, frontChannel, { omit: ['state'] });
      if (outcome.params.state !== undefined) {
        throw new ConformanceFailure(R.rfc6749AuthzResponse, 'no state in the authorization response (none was sent)', `state=${outcome.params.state}`);
      }
      if (tokens.id_token && decodeJwt(tokens.id_token).s_hash !== undefined) {
        throw new ConformanceFailure(R.fapi1SHash, 'no s_hash in the ID token (no state was sent)', `s_hash=${String(decodeJwt(tokens.id_token).s_hash)}`);
      }
    },
  );

  test(
    'without nonce: the flow succeeds (FAPI 2.0)',
    { tag: '@positive', annotation: oidf('fapi2-security-profile-final-ensure-authorization-request-without-nonce-success') },
    async ({ rp, frontChannel }) => {
      test.skip(rp.variant.profile === 'fapi1-adv', 'FAPI 1.0 Advanced requires the nonce when the scope is openid (5.2.2.2); see the request object claims suite');
      checks(R.oidcNonce);
      const { tokens } = await obtainTokens(rp, frontChannel, { omit: ['nonce'] });
      if (tokens.id_token && decodeJwt(tokens.id_token).nonce !== undefined) {
        throw new ConformanceFailure(R.oidcNonce, 'no nonce in the ID token (none was sent)', `nonce=${String(decodeJwt(tokens.id_token).nonce)}`);
      }
    },
  );

  test(
    'a 64-character nonce succeeds and comes back unchanged in the ID token',
    { tag: '@positive', annotation: oidf('fapi2-security-profile-final-ensure-authorization-request-with-64-char-nonce-success', 'fapi1-advanced-final-ensure-request-object-with-64-char-nonce-success') },
    async ({ rp, frontChannel }) => {
      checks(R.oidcNonce);
      // obtainTokens compares the ID token's nonce with the one sent.
      await obtainTokens(rp, frontChannel, { set: { nonce: value(64) } });
    },
  );

  test(
    `a ${LONG}-character nonce is kept intact or refused, never truncated`,
    { tag: '@positive', annotation: oidf('fapi2-security-profile-final-ensure-authorization-request-with-long-nonce', 'fapi1-advanced-final-ensure-request-object-with-long-nonce') },
    async ({ rp, frontChannel }) => {
      checks(R.oidcNonce);
      await intactOrRefused(rp, frontChannel, 'nonce');
    },
  );

  test(
    `a ${LONG}-character state is kept intact or refused, never truncated`,
    { tag: '@positive', annotation: oidf('fapi2-security-profile-final-ensure-authorization-request-with-long-state', 'fapi1-advanced-final-ensure-request-object-with-long-state') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc6749AuthzResponse);
      await intactOrRefused(rp, frontChannel, 'state');
    },
  );

  test(
    'the scope values in another order succeed',
    { tag: '@positive', annotation: oidf('ensure-other-scope-order-succeeds') },
    async ({ rp, frontChannel }) => {
      const values = rp.scope.split(' ').filter(Boolean);
      test.skip(values.length < 2, `the configured scope "${rp.scope}" has a single value, so it has no other order (configure a scope with two or more values to run this check)`);
      checks(R.rfc6749Scope);
      await obtainTokens(rp, frontChannel, { set: { scope: [...values].reverse().join(' ') } });
    },
  );
});

/**
 * A long value is either refused (the AS may bound lengths) or returned exactly: the state in the authorization
 * response, the nonce in the ID token. A shortened value fails: the client could no longer match its session.
 */
async function intactOrRefused(rp: RelyingParty, frontChannel: FrontChannel, param: 'state' | 'nonce'): Promise<void> {
  const sent = value(LONG);
  const prepared = await rp.prepareAuthorization({ set: { [param]: sent } });
  const outcome = await frontChannel.run(prepared, rp);
  if (outcome.kind !== 'code') {
    test.info().annotations.push({ type: 'outcome', description: `the AS refused the ${LONG}-character ${param}, which it may do` });
    return;
  }
  if (prepared.kind !== 'prepared') return;
  // Judged through the same path as every flow: code, state echoed, then tokens and the ID token's nonce.
  const requirement = param === 'state' ? R.rfc6749AuthzResponse : R.oidcNonce;
  await expectCode(outcome, requirement);
  if (param === 'state' && outcome.params.state !== sent) {
    throw new ConformanceFailure(requirement, `the ${LONG}-character state back unchanged`, `state of ${outcome.params.state?.length ?? 0} characters${outcome.params.state && sent.startsWith(outcome.params.state) ? ' (truncated)' : ''}`);
  }
  if (param === 'nonce') {
    const exchange = await rp.exchangeCode(prepared, outcome.code);
    const idToken = (exchange.response.json as { id_token?: unknown } | undefined)?.id_token;
    if (typeof idToken !== 'string') throw new ConformanceFailure(R.oidcNonce, 'an ID token carrying the nonce', `token endpoint: HTTP ${exchange.response.status}, no id_token`);
    const nonce = decodeJwt(idToken).nonce;
    if (nonce !== sent) {
      throw new ConformanceFailure(requirement, `the ${LONG}-character nonce in the ID token unchanged`, `nonce of ${typeof nonce === 'string' ? nonce.length : 0} characters`);
    }
  }
}
