import { checks, ConformanceFailure, expectRejected, faultTag, oidf, onlyWhere, R, test } from '../../fixtures';

/**
 * An expired request_uri is refused (RFC 9126 4). The request is pushed when the worker starts (the earlyPush
 * fixture); its folder sorts last in the alphabetical order on purpose, so that the request_uri's lifetime runs out
 * while the other suites run and the test itself rarely waits. It never waits more than the advertised expires_in
 * plus one second, whatever the order.
 */

const ERRORS = ['invalid_request_uri', 'invalid_request', 'access_denied'];

test.describe('request_uri lifetime', () => {
  onlyWhere((v) => v.requestMethod !== 'by-value', 'the variant sends its request object by value: no request_uri is pushed');

  test(
    'an expired request_uri is refused',
    { tag: ['@negative', '@slow', faultTag('request-uri-outlives-expires-in')], annotation: oidf('par-attempt-to-use-expired-request_uri') },
    async ({ rp, frontChannel, earlyPush, harness }) => {
      checks(R.rfc9126AuthorizationRequest, R.rfc9126Response, R.fapi2RequestUriLifetime);
      // Pushed when the worker started: the wait for its lifetime has mostly passed while other tests ran.
      const { prepared, answeredAt, evidence } = await earlyPush.take();
      // Its PAR exchange opens this test's evidence.
      harness.http.recorder.exchanges.unshift(...evidence);
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
