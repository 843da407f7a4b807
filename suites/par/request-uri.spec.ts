import {
  ConformanceFailure,
  checks,
  expectCode,
  expectRejected,
  faultTag,
  obtainCode,
  oidf,
  onlyWhere,
  R,
  test,
} from '../../fixtures';

/**
 * The life of a pushed request_uri at the authorization endpoint (RFC 9126 4): usable by the client that pushed it,
 * until it expires (suites/waits), and once; a reload before the attempt completes may be tolerated. The
 * variant by value pushes nothing, so these scenarios do not apply to it.
 */

const ERRORS = ['invalid_request_uri', 'invalid_request', 'access_denied'];

test.describe('request_uri at the authorization endpoint', () => {
  onlyWhere((v) => v.requestMethod !== 'by-value', 'the variant sends its request object by value: no request_uri is pushed');

  test(
    'a request_uri already used for a completed authorization is refused',
    { tag: ['@negative', faultTag('request-uri-reusable')], annotation: oidf('par-attempt-reuse-request_uri') },
    async ({ rp, frontChannel }) => {
      checks(R.rfc9126AuthorizationRequest);
      const { prepared } = await obtainCode(rp, frontChannel);
      await test.step('the same request_uri once more', async () => {
        await expectRejected(await frontChannel.run(prepared, rp), R.rfc9126AuthorizationRequest, { errors: ERRORS });
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
      checks(R.rfc9126AuthorizationRequest);
      const prepared = await rp.prepareAuthorization();
      if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126Response, 'a request_uri', `the PAR endpoint refused a conforming request: ${prepared.error}`);
      const url = new URL(prepared.url);
      url.searchParams.set('client_id', rp2.client.clientId);
      // Judged as client 2's attempt, the client the URL names: a refusal comes back addressed to it. An AS that honours
      // the request_uri answers for client 1 instead: a code, or (JARM) a response whose aud is client 1, and either fails.
      await expectRejected(await frontChannel.run({ ...prepared, url: url.toString() }, rp2), R.rfc9126AuthorizationRequest, { errors: [...ERRORS, 'invalid_client', 'unauthorized_client'] });
    },
  );
});
