import { bodyKeepingRedirects, checks, ensureNo307WithCredentials, faultTag, obtainCode, onlyWhere, R, test, warn } from '../../fixtures';

/**
 * FAPI 2.0 SP 5.3.2.2 (after RFC 9700 4.12): the AS does not answer a request that carries user credentials with a
 * 307 redirect, which makes the browser post the same body, password included, to the redirect target. One code flow
 * runs through the browser (the AS's own sign-in, built-in or scripted), which records every answer its main frame
 * receives, redirect hops included; of each submission it keeps only whether the body held the configured password.
 * A 307 to such a submission is a failure. A 307 or 308 to another POST is a warning: it may carry credentials the
 * harness does not recognise (a one-time code), and 5.3.2.2 recommends 303 for redirects. FAPI 1.0 sets no such rule.
 */

test.describe('redirects after the sign-in', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Advanced sets no rule on 307 redirects; FAPI 2.0 SP 5.3.2.2 forbids them for requests carrying user credentials');

  test('the posted sign-in form is not redirected with 307', { tag: ['@negative', faultTag('sign-in-redirected-307')] }, async ({ rp, frontChannel }) => {
    checks(R.fapi2No307WithCredentials);
    await obtainCode(rp, frontChannel);
    const navigations = frontChannel.navigations();
    await test.step('judge the answers to the submitted forms', async () => {
      ensureNo307WithCredentials(navigations);
      for (const n of bodyKeepingRedirects(navigations).filter((x) => !x.carriedPassword)) {
        await warn(`HTTP ${n.status} to POST ${n.url.split('?')[0]}: the browser posts that form's body on to ${n.location?.split('?')[0] ?? 'the redirect target'}; FAPI 2.0 SP 5.3.2.2 recommends 303`);
      }
    });
    test.skip(!navigations.some((n) => n.carriedPassword), 'no request of the browser carried the configured password (a remembered session, or a sign-in that transforms the password before sending it): there was nothing to judge');
  });
});
