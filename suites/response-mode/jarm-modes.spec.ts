import { ConformanceFailure, checks, obtainTokens, onlyWhere, optionalJarmModeRefused, perProfile, R, test, type RelyingParty } from '../../fixtures';

/**
 * Every JWT response mode the AS advertises and offers this client delivers a valid JARM response (JARM 2.1, 2.3,
 * 2.4): signed with one of the AS's keys with a FAPI algorithm, for this client (aud), from this AS (iss), not
 * expired. The validation runs on every response that carries `response`; these scenarios make sure each mode gets
 * one. FAPI needs `jwt`; the other modes are optional, and an AS may register a client for fewer modes than its
 * discovery document lists: a refusal of one of them is "not offered to this client", a skip with the AS's answer.
 */

const MODES = ['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'] as const;
const jarmClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2msJarm, 'fapi2-ms': R.fapi2msJarm, 'fapi1-adv': R.fapi1ResponseTypeJarm });

test.describe('JARM response modes', () => {
  onlyWhere((v) => v.responseMode === 'jwt', 'the variant does not use JARM');

  for (const mode of MODES) {
    test(`response_mode=${mode} returns a valid JARM response and a usable code`, { tag: '@positive' }, async ({ rp, frontChannel, harness }) => {
      const advertised = harness.metadata.raw.response_modes_supported;
      test.skip(!Array.isArray(advertised) || !advertised.includes(mode), `the AS does not advertise response_mode "${mode}" (response_modes_supported)`);
      checks(jarmClause(rp), R.jarmResponse, R.jarmValidation, R.jarmSigningAlg);
      const { outcome } = await obtainTokens(rp, frontChannel, { set: { response_mode: mode } }, {
        requirement: mode === 'jwt' ? jarmClause(rp) : R.jarmResponse,
        onRefusal: (refusal) => {
          const notOffered = optionalJarmModeRefused(mode, refusal);
          test.skip(notOffered !== undefined, notOffered);
        },
      });
      if (!outcome.viaJarm) throw new ConformanceFailure(R.jarmResponse, `a JARM response (response_mode=${mode})`, 'plain authorization response parameters');
    });
  }
});
