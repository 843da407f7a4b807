import { checks, ConformanceFailure, perProfile, R, test, oidf } from '../../fixtures';

test.describe('user cancel', () => {
  test('the user cancels at the AS: access_denied comes back to the redirect URI with the state', { tag: ['@positive'], annotation: oidf('user-rejects-authentication') }, async ({ rp, frontChannel }) => {
    checks(R.rfc6749AuthzError, perProfile(rp.variant, { 'fapi2-sp': R.fapi2IssInResponse, 'fapi2-ms': R.fapi2msJarm, 'fapi1-adv': R.fapi1ResponseTypeJarm }));
    const prepared = await rp.prepareAuthorization();
    if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126Response, 'the conforming request to be accepted at PAR', `HTTP ${prepared.status} ${prepared.error}`);
    const outcome = await frontChannel.run(prepared, rp, { cancel: true });
    await test.step(`AS outcome: ${outcome.kind === 'error-redirect' ? `error redirect ${outcome.error}` : outcome.kind}`, async () => {
      if (outcome.kind !== 'error-redirect') {
        throw new ConformanceFailure(R.rfc6749AuthzError, 'a redirect to the client with error=access_denied', outcome.kind === 'code' ? 'an authorization code was issued' : outcome.kind);
      }
      if (outcome.error !== 'access_denied') throw new ConformanceFailure(R.rfc6749AuthzError, 'error=access_denied', `error=${outcome.error}`);
      if (outcome.state !== prepared.state) throw new ConformanceFailure(R.rfc6749AuthzError, `state ${prepared.state} echoed`, `state ${String(outcome.state)}`);
      rp.ensureResponseIssuer(outcome);
    });
  });
});
