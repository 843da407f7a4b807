import { checkNoCorsGrant, checks, ConformanceFailure, faultTag, getAuthorizationEndpoint, onlyWhere, preflightAuthorizationEndpoint, R, test } from '../../fixtures';

/**
 * FAPI 2.0 SP 5.2.3: the authorization endpoint does not support CORS (the browser is redirected there; no script of
 * another origin has reason to read its answers). Neither a preflight nor a simple cross-origin GET may come back with
 * Access-Control-Allow-Origin granting the foreign origin (itself or `*`). FAPI 1.0 sets no such rule.
 */
const ORIGIN = 'https://foreign-origin.invalid';

test.describe('CORS at the authorization endpoint', () => {
  onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 sets no rule on CORS at the authorization endpoint; FAPI 2.0 SP 5.2.3 forbids it');

  test('the authorization endpoint grants a foreign origin no cross-origin access', { tag: ['@negative', faultTag('authorization-endpoint-cors')] }, async ({ rp }) => {
    checks(R.fapi2NoCorsAtAuthorization);
    const preflight = await preflightAuthorizationEndpoint(rp, ORIGIN);
    const simple = await getAuthorizationEndpoint(rp, { client_id: rp.client.clientId, response_type: 'code' }, { origin: ORIGIN }, 'authorization endpoint (cross-origin GET)');
    const problems = [
      ...[checkNoCorsGrant(preflight.response.headers, ORIGIN)].filter(Boolean).map((p) => `preflight: HTTP ${preflight.response.status} with ${p}`),
      ...[checkNoCorsGrant(simple.response.headers, ORIGIN)].filter(Boolean).map((p) => `cross-origin GET: HTTP ${simple.response.status} with ${p}`),
    ];
    if (problems.length) throw new ConformanceFailure(R.fapi2NoCorsAtAuthorization, `no Access-Control-Allow-Origin for ${ORIGIN}`, problems.join('; '));
  });
});
