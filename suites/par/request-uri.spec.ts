import {
  ConformanceFailure,
  checks,
  expectCode,
  expectRejected,
  faultTag,
  HarnessError,
  obtainCode,
  oidf,
  onlyWhere,
  R,
  test,
} from '../../fixtures';

/**
 * The life of a pushed request_uri at the authorization endpoint: usable only by the client that pushed it (RFC 9126
 * 2.2, MUST), until it expires (RFC 9126 4, MUST; suites/waits), and once (RFC 9126 4, SHOULD); a reload before the
 * attempt completes may be tolerated. The
 * variant by value pushes nothing, so these scenarios do not apply to it.
 */

const ERRORS = ['invalid_request_uri', 'invalid_request', 'access_denied'];

test.describe('request_uri at the authorization endpoint', () => {
  onlyWhere((v) => v.requestMethod !== 'by-value', 'the variant sends its request object by value: no request_uri is pushed');

  test(
    'a request_uri already used for a completed authorization is refused',
    { tag: ['@negative', faultTag('request-uri-reusable')], annotation: oidf('par-attempt-reuse-request_uri') },
    async ({ rp, frontChannel }) => {
      // RFC 9126 4 says SHOULD, and FAPI 2.0 adds nothing stronger: a reusable request_uri is a warning (strict: a failure).
      checks(R.rfc9126OneTimeUse);
      // Before the push: the AS's clock for the request_uri starts later, so this deadline is never after its expiry.
      const pushedBy = Date.now();
      const { prepared } = await obtainCode(rp, frontChannel);
      const lifetime = Number((prepared.parExchange?.response.json as { expires_in?: unknown } | undefined)?.expires_in);
      await test.step('the same request_uri once more', async () => {
        const answer = await frontChannel.run(prepared, rp);
        // A refusal that may have come after the request_uri expired says nothing about one-time use.
        const elapsed = (Date.now() - pushedBy) / 1000;
        if (answer.kind !== 'code' && Number.isFinite(lifetime) && elapsed >= lifetime) {
          throw new HarnessError(`the request_uri lived ${lifetime} s (expires_in) and its reuse ended ${elapsed.toFixed(1)} s after the push: the refusal may be its expiry, so it cannot show one-time use`, {
            hint: 'rerun when the machine is less loaded (the first authorization must complete and the reuse be answered within expires_in)',
          });
        }
        await expectRejected(answer, R.rfc9126OneTimeUse, { errors: ERRORS });
      });
    },
  );

  test(
    'a request_uri opened once and abandoned still works for the completing attempt',
    { tag: '@positive', annotation: oidf('par-ensure-reused-request-uri-prior-to-auth-completion-succeeds') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc9126AuthorizationRequest);
      const prepared = await rp.prepareAuthorization();
      if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126Response, 'a request_uri', `the PAR endpoint refused a conforming request: ${prepared.error}`);
      await frontChannel.open(prepared);
      await expectCode(await frontChannel.run(prepared, rp), R.rfc9126AuthorizationRequest);
    },
  );

  test(
    "another client's request_uri is refused",
    { tag: ['@negative', faultTag('accept-request-uri-of-other-client')], annotation: oidf('par-attempt-to-use-request_uri-for-different-client') },
    async ({ rp, rp2, frontChannel }) => {
      // RFC 9126 2.2: the request_uri MUST be bound to the client that pushed it.
      checks(R.rfc9126Response);
      const prepared = await rp.prepareAuthorization();
      if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126Response, 'a request_uri', `the PAR endpoint refused a conforming request: ${prepared.error}`);
      const url = new URL(prepared.url);
      url.searchParams.set('client_id', rp2.client.clientId);
      // Judged as client 2's attempt, the client the URL names: a refusal comes back addressed to it. An AS that honours
      // the request_uri answers for client 1 instead: a code, or (JARM) a response whose aud is client 1, and either fails.
      await expectRejected(await frontChannel.run({ ...prepared, url: url.toString() }, rp2), R.rfc9126Response, { errors: [...ERRORS, 'invalid_client', 'unauthorized_client'] });
    },
  );
});
