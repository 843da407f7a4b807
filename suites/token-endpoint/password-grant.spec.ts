import { checks, expectOAuthError, faultTag, onlyWhere, R, test } from '../../fixtures';

/**
 * FAPI 2.0 SP 5.3.2.1: the AS shall reject requests using the resource owner password credentials grant (RFC 6749
 * 4.3). The request is otherwise as good as it gets: the variant's own client authentication and sender constraint,
 * and the end-user's real credentials from the target configuration (redacted in the evidence), so that only the
 * grant type can explain a refusal. Any OAuth error holds the rule; the code the AS chose is noted.
 */
test.describe('resource owner password credentials grant', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Advanced sets no rule on the password grant; FAPI 2.0 forbids it');

  test('a token request with the password grant is refused', { tag: ['@negative', faultTag('accept-password-grant')] }, async ({ rp, harness }) => {
    checks(R.fapi2PasswordGrantRefused, R.rfc6749TokenError);
    const { username, password } = harness.target.login;
    const { status, error } = await expectOAuthError(await rp.passwordGrant(username, password), R.fapi2PasswordGrantRefused);
    test.info().annotations.push({ type: 'outcome', description: `HTTP ${status} ${error}` });
  });
});
