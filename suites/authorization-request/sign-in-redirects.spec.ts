import { checks, ensureFormRedirectsSeeOther, ensureNo307WithCredentials, faultTag, obtainCode, onlyWhere, R, test } from '../../fixtures';

/**
 * FAPI 2.0 SP 5.3.2.2 (after RFC 9700 4.12): the AS does not answer a request that carries user credentials with a
 * 307 redirect, which makes the browser post the same body, password included, to the redirect target; and when it
 * redirects the user agent by status code it should use 303. One code flow runs through the browser (the AS's own
 * sign-in, built-in or scripted), which records every answer its main frame receives, redirect hops included; of each
 * submission it keeps only whether the body held the configured password. FAPI 1.0 sets neither rule.
 */

test.describe('redirects after the sign-in', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Advanced sets no rule on redirect status codes; FAPI 2.0 SP 5.3.2.2 does');

  test('the posted sign-in form is not redirected with 307', { tag: ['@negative', faultTag('sign-in-redirected-307')] }, async ({ rp, frontChannel }) => {
    checks(R.fapi2No307WithCredentials);
    await obtainCode(rp, frontChannel);
    const navigations = frontChannel.navigations();
    await test.step('judge the answers to the submitted forms', async () => ensureNo307WithCredentials(navigations));
    test.skip(!navigations.some((n) => n.carriedPassword), 'no request of the browser carried the configured password (a remembered session, or a sign-in that transforms the password before sending it): there was nothing to judge');
  });

  /**
   * Judged: every redirect the AS's origins (the issuer's and the authorization endpoint's) send in answer to a
   * submitted form (sign-in, consent, any step of a scripted sign-in); anything but 303 is a warning (a SHOULD). Not
   * judged: redirects answering a GET (whatever their code, the browser follows with the same GET without a body, so
   * the code changes nothing the rule guards against), the harness's own callback, and sign-in pages on other origins
   * (an upstream identity provider is not the AS). A 307 to the submission that carried the password is the 307 test's
   * failure, not counted twice here.
   */
  test('the AS redirects the browser from a submitted form with 303', { tag: ['@negative', faultTag('sign-in-redirected-302')] }, async ({ rp, frontChannel, harness }) => {
    checks(R.fapi2SeeOtherRedirects);
    await obtainCode(rp, frontChannel);
    const navigations = frontChannel.navigations();
    const asOrigins = [...new Set([harness.metadata.issuer, harness.metadata.authorization_endpoint].flatMap((u) => (u ? [URL.parse(u)?.origin ?? ''] : [])))];
    const submissions = navigations.filter((n) => n.method !== 'GET' && n.method !== 'HEAD' && asOrigins.includes(URL.parse(n.url)?.origin ?? ''));
    const judged = submissions.filter((n) => n.status >= 300 && n.status < 400 && n.location !== undefined);
    test.info().annotations.push({
      type: 'outcome',
      description: judged.length ? judged.map((n) => `HTTP ${n.status} to ${n.method} ${n.url.split('?')[0]}`).join('; ') : `${submissions.length} form submission(s) to the AS, none answered with a redirect`,
    });
    await test.step('judge the AS\'s redirects from submitted forms', async () => ensureFormRedirectsSeeOther(navigations, asOrigins));
    test.skip(judged.length === 0, 'the AS answered no form submission of the browser with a redirect (a remembered session, or a sign-in that moves on by script): there was nothing to judge');
  });
});
