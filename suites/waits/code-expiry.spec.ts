import { checks, expectOAuthError, faultTag, oidf, onlyWhere, R, test } from '../../fixtures';

/**
 * An authorization code past its lifetime is refused (FAPI 2.0 SP 5.3.2.1-11: at most 60 s; RFC 6749 10.5). The code
 * is obtained when the worker starts (the earlyCode fixture); this folder sorts last, so that its lifetime runs out
 * while the other suites run. The wait is the lifetime the target configuration gives (lifetimes.
 * authorizationCodeSeconds; the bundled server says 5 s), else FAPI 2.0's cap of 60 s, plus one second.
 */
test.describe('authorization code lifetime', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Advanced sets no code lifetime (the conformance suite checks it under FAPI 2.0)');

  test(
    'an authorization code redeemed after its lifetime is refused',
    { tag: ['@negative', '@slow', faultTag('code-outlives-its-lifetime')], annotation: oidf('fapi2-security-profile-final-ensure-token-endpoint-fails-with-expired-auth-code') },
    async ({ earlyCode, harness }) => {
      checks(R.fapi2AuthCodeLifetime, R.rfc6749CodeSingleUse, R.rfc6749TokenError);
      const { rp, prepared, code, receivedAt, evidence } = await earlyCode.take();
      // The code flow ran when the worker started: its exchanges open this test's evidence.
      harness.http.recorder.exchanges.unshift(...evidence);
      const lifetime = harness.target.lifetimes?.authorizationCodeSeconds ?? 60;
      const waitMs = receivedAt + (lifetime + 1) * 1000 - Date.now();
      test.setTimeout(Math.max(0, waitMs) + 60_000);
      test.info().annotations.push({ type: 'wait', description: `code lifetime ${lifetime} s${harness.target.lifetimes?.authorizationCodeSeconds ? '' : ' (FAPI 2.0 cap: the target configuration gives none)'}; waited ${Math.max(0, Math.round(waitMs / 1000))} s more after the tests that ran in between` });
      if (waitMs > 0) await test.step(`wait until the code's ${lifetime} s lifetime is over`, () => new Promise((resolve) => setTimeout(resolve, waitMs)));
      await expectOAuthError(await rp.exchangeCode(prepared, code), R.fapi2AuthCodeLifetime, { errors: ['invalid_grant'] });
    },
  );
});
