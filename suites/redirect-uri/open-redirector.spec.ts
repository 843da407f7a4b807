import { randomBytes } from 'node:crypto';
import { checks, ConformanceFailure, faultTag, getAuthorizationEndpoint, perProfile, R, redirectionTo, test, type RelyingParty } from '../../fixtures';

/**
 * The AS is no open redirector (FAPI 2.0 SP 5.3.2.1; RFC 6749 4.1.2.1: with an invalid client identifier or redirect URI
 * the AS must not redirect the user agent to that URI). Requests that fail before any redirect URI can be trusted carry
 * a foreign redirect_uri; the endpoint's direct answer (no browser, redirects not followed) must not send the user
 * agent there: no 3xx to it, no form posting to it, no refresh to it. An error page naming it is fine.
 */
const FOREIGN = 'https://attacker.invalid/callback';
const clause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2NoOpenRedirector, 'fapi2-ms': R.fapi2NoOpenRedirector, 'fapi1-adv': R.rfc6749AuthzError });
const random = () => randomBytes(16).toString('base64url');

async function expectNoRedirect(rp: RelyingParty, params: Record<string, string>, what: string): Promise<void> {
  const exchange = await getAuthorizationEndpoint(rp, { response_type: 'code', scope: rp.scope, state: random(), redirect_uri: FOREIGN, ...params });
  const how = redirectionTo(exchange.response, FOREIGN, exchange.request.url);
  if (how) throw new ConformanceFailure(clause(rp), `no redirect to the redirect_uri of a request ${what}`, how);
}

test.describe('no open redirector', () => {
  test('a request naming an unknown client_id is not redirected to its redirect_uri', { tag: ['@negative', faultTag('open-redirect-on-unknown-client')] }, async ({ rp }) => {
    checks(clause(rp));
    await expectNoRedirect(rp, { client_id: `unknown-client-${random()}` }, 'whose client_id is unknown');
  });

  test('a request naming an unknown request_uri is not redirected to a foreign redirect_uri', { tag: ['@negative', faultTag('open-redirect-on-unknown-client')] }, async ({ rp }) => {
    checks(clause(rp));
    await expectNoRedirect(rp, { client_id: rp.client.clientId, request_uri: `urn:ietf:params:oauth:request_uri:${random()}` }, 'whose request_uri was never pushed');
  });
});
