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
 * until it expires, and once; a reload before the attempt completes may be tolerated. The variant by value pushes
 * nothing, so these scenarios do not apply to it.
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

  test(
    'an expired request_uri is refused',
    { tag: ['@negative', '@slow', faultTag('request-uri-outlives-expires-in')], annotation: oidf('par-attempt-to-use-expired-request_uri') },
    async ({ rp, frontChannel, earlyPush }) => {
      checks(R.rfc9126AuthorizationRequest, R.rfc9126Response, R.fapi2RequestUriLifetime);
      // Pushed when the worker started: the wait for its lifetime has mostly passed while other tests ran.
      const { prepared, answeredAt, evidence } = await earlyPush.take();
      await test.info().attach('PAR exchange of the request_uri, pushed when the worker started (secrets redacted)', { body: JSON.stringify(evidence, null, 2), contentType: 'application/json' });
      if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126Response, 'a request_uri', `the PAR endpoint refused a conforming request: ${prepared.error}`);
      const expiresIn = (prepared.parExchange?.response.json as { expires_in?: unknown } | undefined)?.expires_in;
      if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn <= 0) {
        throw new ConformanceFailure(R.rfc9126Response, 'expires_in, a positive integer, in the PAR response', `expires_in ${JSON.stringify(expiresIn)}`);
      }
      if (expiresIn >= 600) throw new ConformanceFailure(R.fapi2RequestUriLifetime, 'expires_in below 600 seconds', `expires_in ${expiresIn}`);
      // Whole seconds: one more second, so that the AS's own rounding cannot leave the request_uri alive at the edge.
      const waitMs = answeredAt + (expiresIn + 1) * 1000 - Date.now();
      test.setTimeout(Math.max(0, waitMs) + 60_000);
      test.info().annotations.push({ type: 'wait', description: `expires_in ${expiresIn} s; waited ${Math.max(0, Math.round(waitMs / 1000))} s more after the tests that ran in between` });
      if (waitMs > 0) await test.step(`wait until the request_uri's ${expiresIn} s lifetime is over`, () => new Promise((resolve) => setTimeout(resolve, waitMs)));
      await expectRejected(await frontChannel.run(prepared, rp), R.rfc9126AuthorizationRequest, { errors: ERRORS });
    },
  );
});
