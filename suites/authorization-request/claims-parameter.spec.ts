import { decodeJwt } from 'jose';
import { checks, ConformanceFailure, obtainTokens, oidf, R, test } from '../../fixtures';

/**
 * The claims request parameter (OpenID Connect Core 5.5): every standard identity claim the AS advertises in
 * claims_supported, asked for in both the ID token and the userinfo response, comes back in at least one of them.
 */

/** Claims of OpenID Connect Core 5.1 (identity claims), as opposed to protocol claims such as iss or aud. */
const STANDARD = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at'];

test.describe('claims request parameter', () => {
  test(
    'identity claims asked for with the claims parameter come back in the ID token or from userinfo',
    { tag: '@positive', annotation: oidf('fapi2-security-profile-final-test-claims-parameter-identity-claims') },
    async ({ rp, frontChannel }) => {
      const raw = rp.metadata.raw;
      test.skip(raw.claims_parameter_supported !== true, 'the AS does not advertise claims_parameter_supported');
      const supported = Array.isArray(raw.claims_supported) ? (raw.claims_supported as string[]) : [];
      const wanted = STANDARD.filter((c) => supported.includes(c));
      test.skip(wanted.length === 0, 'the AS advertises no standard identity claim in claims_supported');
      checks(R.oidcClaimsParameter);
      const request = Object.fromEntries(wanted.map((c) => [c, null]));
      const { tokens } = await obtainTokens(rp, frontChannel, { set: { claims: JSON.stringify({ id_token: request, userinfo: request }) } });
      const inIdToken = tokens.id_token ? decodeJwt(tokens.id_token) : {};
      const userinfo = await rp.callResource(rp.endpoint('userinfo_endpoint'), tokens.access_token);
      if (userinfo.response.status !== 200) {
        throw new ConformanceFailure(R.oidcClaimsParameter, 'HTTP 200 from the userinfo endpoint with the bound access token', `HTTP ${userinfo.response.status}`);
      }
      const fromUserinfo = (userinfo.response.json ?? {}) as Record<string, unknown>;
      const missing = wanted.filter((c) => inIdToken[c] === undefined && fromUserinfo[c] === undefined);
      test.info().annotations.push({ type: 'claims', description: `asked for ${wanted.join(', ')}; missing: ${missing.join(', ') || 'none'}` });
      if (missing.length) {
        throw new ConformanceFailure(R.oidcClaimsParameter, `every advertised identity claim asked for (${wanted.join(', ')})`, `missing from both the ID token and userinfo: ${missing.join(', ')}`);
      }
    },
  );
});
