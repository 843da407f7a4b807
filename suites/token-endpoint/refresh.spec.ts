import { checks, ConformanceFailure, expectOAuthError, faultTag, obtainTokens, oidf, onlyWhere, perProfile, R, test, type RelyingParty } from '../../fixtures';
import { NO_CERTIFICATE } from '../../fixtures/rp-parts';

/**
 * Refresh tokens, where the AS issues them (RFC 6749 6): usable only by their client, with client authentication and
 * with the key the tokens are bound to. The refused requests come first and spend nothing; the one that succeeds
 * comes last, so that a rotating AS does not invalidate the shared token before the refusals are judged.
 */
const REFRESH = oidf('refresh-token');
const bindingClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2SenderConstrained, 'fapi2-ms': R.fapi2SenderConstrained, 'fapi1-adv': R.fapi1HolderOfKey });

test.describe('refresh token', () => {
  test.beforeEach(({ sharedTokens }) => {
    test.skip(!sharedTokens.tokens.refresh_token, 'the AS issued no refresh token with the code flow');
  });

  test('client 2 cannot use client 1\'s refresh token', { tag: ['@negative', faultTag('refresh-token-not-bound-to-client')], annotation: REFRESH }, async ({ sharedTokens, rp2 }) => {
    checks(R.rfc6749Refresh, R.rfc6749TokenError);
    // Client 2 proves client 1's DPoP key, to which the refresh token may be bound: the client binding alone decides.
    await rp2.adoptDpopKey(sharedTokens.rp);
    await expectOAuthError(await rp2.refresh(sharedTokens.tokens.refresh_token!), R.rfc6749Refresh, { errors: ['invalid_grant'] });
  });

  test.describe('private_key_jwt', () => {
    onlyWhere((v) => v.clientAuth === 'private_key_jwt', 'the client authenticates with its certificate: without it, the request fails for the holder-of-key test below too');
    test('a refresh request without client authentication is refused', { tag: ['@negative', faultTag('accept-missing-client-assertion')], annotation: REFRESH }, async ({ sharedTokens }) => {
      checks(R.rfc6749Refresh, R.rfc7523ClientAssertion);
      const { rp, tokens } = sharedTokens;
      await expectOAuthError(await rp.refresh(tokens.refresh_token!, { clientAssertion: { omitAssertion: true } }), R.rfc6749Refresh, { errors: ['invalid_client', 'invalid_request'] });
    });

    test('a refresh request without the bound key (no certificate, or no DPoP proof) is refused', { tag: ['@negative', faultTag('holder-of-key-not-required')], annotation: REFRESH }, async ({ sharedTokens }) => {
      const { rp, tokens } = sharedTokens;
      checks(bindingClause(rp), rp.variant.senderConstraint === 'dpop' ? R.rfc9449TokenRequest : R.rfc8705BoundTokens);
      const tamper = rp.variant.senderConstraint === 'dpop' ? { omitDpop: true } : { certificate: NO_CERTIFICATE };
      await expectOAuthError(await rp.refresh(tokens.refresh_token!, tamper), bindingClause(rp));
    });
  });

  test('the refresh token gets new sender-constrained tokens that the resource serves', { tag: ['@positive'], annotation: REFRESH }, async ({ sharedTokens, harness }) => {
    const { rp, tokens } = sharedTokens;
    checks(R.rfc6749Refresh, bindingClause(rp));
    const exchange = await rp.refresh(tokens.refresh_token!);
    const body = exchange.response.json as { access_token?: string; token_type?: string; refresh_token?: string } | undefined;
    if (exchange.response.status !== 200 || typeof body?.access_token !== 'string') {
      throw new ConformanceFailure(R.rfc6749Refresh, 'new tokens (HTTP 200)', `${exchange.label}: HTTP ${exchange.response.status}`);
    }
    test.info().annotations.push({ type: 'rotation', description: body.refresh_token && body.refresh_token !== tokens.refresh_token ? 'the AS rotated the refresh token (FAPI 2.0 discourages rotation)' : 'the refresh token was not rotated' });
    const resource = await rp.callResource(harness.resource(), body.access_token);
    if (resource.response.status !== 200) throw new ConformanceFailure(bindingClause(rp), 'the refreshed token to be served with the bound key', `HTTP ${resource.response.status}`);
  });
});

/**
 * FAPI 2.0 SP 5.3.2.1: no refresh token rotation, unless a client whose response with the new refresh token was lost
 * can retry with the previous one and succeed. The response is "lost" on purpose: the retry presents the previous
 * refresh token again. On tokens of their own, since a rotating AS that refuses the retry may revoke the whole grant.
 */
test('a rotated refresh token leaves the previous one usable for a retry', { tag: ['@negative', faultTag('refresh-token-rotated-without-retry')] }, async ({ rp, frontChannel }) => {
  test.skip(rp.variant.profile === 'fapi1-adv', 'FAPI 1.0 sets no rule on refresh token rotation');
  checks(R.fapi2RefreshRotationRetry, R.rfc6749Refresh);
  const { tokens } = await obtainTokens(rp, frontChannel);
  test.skip(!tokens.refresh_token, 'the AS issued no refresh token with the code flow');
  const previous = tokens.refresh_token!;
  const first = await rp.refresh(previous);
  const body = first.response.json as { access_token?: unknown; refresh_token?: unknown } | undefined;
  if (first.response.status !== 200 || typeof body?.access_token !== 'string') {
    throw new ConformanceFailure(R.rfc6749Refresh, 'new tokens for a valid refresh token (HTTP 200)', `${first.label}: HTTP ${first.response.status}`);
  }
  const rotated = typeof body.refresh_token === 'string' && body.refresh_token !== previous;
  test.info().annotations.push({ type: 'rotation', description: rotated ? 'the AS rotated the refresh token: the previous one is presented again' : 'the refresh token was not rotated: nothing more is owed' });
  if (!rotated) return;
  const retry = await rp.refresh(previous);
  const retried = retry.response.json as { access_token?: unknown; error?: unknown } | undefined;
  if (retry.response.status !== 200 || typeof retried?.access_token !== 'string') {
    throw new ConformanceFailure(
      R.fapi2RefreshRotationRetry,
      'a retry with the previous refresh token to succeed, since the AS rotated it (the client may never have received the new one)',
      `${retry.label}: HTTP ${retry.response.status}${typeof retried?.error === 'string' ? ` ${retried.error}` : ''}`,
    );
  }
});
