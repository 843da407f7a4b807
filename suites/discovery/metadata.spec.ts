import { checkOfferedSigningAlgs, checks, ConformanceFailure, faultTag, oidf, perProfile, R, signingAlgsFor, test, warn, type Harness } from '../../fixtures';

/**
 * The AS's discovery document, as each profile wants it (RFC 8414; FAPI 2.0 SP 5.3.2.1-1, 5.3.2.2, 5.4.1; FAPI 1.0
 * Advanced 5.2.2, 8.6). Read once per worker, no request of its own: each test judges one aspect of it.
 */
const MODULE = oidf('discovery-end-point-verification');

const algClause = (h: Harness) => perProfile(h.variant, { 'fapi2-sp': R.fapi2AlgorithmsAllowed, 'fapi2-ms': R.fapi2AlgorithmsAllowed, 'fapi1-adv': R.fapi1Algorithms });
const list = (raw: Record<string, unknown>, name: string): string[] | undefined => (Array.isArray(raw[name]) ? (raw[name] as string[]) : undefined);

/** Collects every problem of one aspect, then fails once with all of them (an auditor wants the whole list). */
function judgeAll(requirementId: string, expected: string, problems: string[]): void {
  test.info().annotations.push({ type: 'outcome', description: problems.length ? problems.join('; ') : 'as required' });
  if (problems.length) throw new ConformanceFailure(requirementId, expected, problems.join('; '));
}

test.describe('discovery metadata', () => {
  test('the issuer is the one asked for, and every endpoint is an https URL', { tag: ['@negative', faultTag('discovery-http-endpoint')], annotation: MODULE }, async ({ harness }) => {
    checks(R.rfc8414Issuer, R.rfc8414Response, R.fapi2DiscoveryMetadata);
    const type = harness.metadata.contentType ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) throw new ConformanceFailure(R.rfc8414Response, 'the discovery document with content type application/json', `content type ${type || '(none)'}`);
    const raw = harness.metadata.raw;
    const problems: string[] = [];
    if (raw.issuer !== harness.target.issuer) problems.push(`issuer ${JSON.stringify(raw.issuer)} is not ${harness.target.issuer}`);
    const urls: [string, unknown][] = Object.entries(raw).filter(([k]) => k.endsWith('_endpoint') || k === 'jwks_uri');
    const aliases = raw.mtls_endpoint_aliases;
    if (aliases !== undefined) {
      if (!aliases || typeof aliases !== 'object' || Array.isArray(aliases)) problems.push('mtls_endpoint_aliases is not a JSON object');
      else urls.push(...Object.entries(aliases).map(([k, v]): [string, unknown] => [`mtls_endpoint_aliases.${k}`, v]));
    }
    for (const [name, value] of urls) {
      if (typeof value !== 'string' || !URL.canParse(value) || new URL(value).protocol !== 'https:') problems.push(`${name} is ${JSON.stringify(value)}, not an https URL`);
    }
    judgeAll(R.rfc8414Issuer, 'the issuer asked for, and https URLs for every endpoint, jwks_uri and mTLS alias', problems);
  });

  test('every signing algorithm list the variant relies on offers an algorithm of its profile', { tag: ['@negative', faultTag('discovery-advertises-rs256')], annotation: MODULE }, async ({ harness }) => {
    checks(algClause(harness));
    const v = harness.variant;
    const allowed = signingAlgsFor(v.profile);
    const raw = harness.metadata.raw;
    // One discovery document serves all the AS's clients: only the lists a client of this variant uses are judged.
    const lists = [
      'id_token_signing_alg_values_supported',
      ...(v.requestMethod !== 'par' ? ['request_object_signing_alg_values_supported'] : []),
      ...(v.clientAuth === 'private_key_jwt' ? ['token_endpoint_auth_signing_alg_values_supported'] : []),
      ...(v.responseMode === 'jwt' ? ['authorization_signing_alg_values_supported'] : []),
      ...(v.senderConstraint === 'dpop' ? ['dpop_signing_alg_values_supported'] : []),
    ];
    const problems: string[] = [];
    const extras: string[] = [];
    for (const name of lists) {
      const offered = checkOfferedSigningAlgs(raw[name], allowed);
      if (!offered) continue;
      if (offered.noneAllowed) problems.push(`${name} is ${JSON.stringify(raw[name])}: none of ${allowed.join(', ')}`);
      if (offered.extra.length) extras.push(`${name} also offers ${offered.extra.join(', ')}`);
    }
    if (extras.length) {
      // Other clients (FAPI 2.0, non-FAPI) may use them; whether this profile's clients are refused them is judged live.
      await warn(`beyond ${allowed.join(', ')} (${algClause(harness)}): ${extras.join('; ')}`);
    }
    judgeAll(algClause(harness), `at least one of ${allowed.join(', ')} in each *_signing_alg_values_supported list the variant uses`, problems);
  });

  test('PKCE S256, the iss response parameter, PAR and the request methods are advertised as the profile needs', { tag: ['@negative', faultTag('discovery-omits-required-metadata')], annotation: MODULE }, async ({ harness }) => {
    const { profile, requestMethod, responseMode } = harness.variant;
    const raw = harness.metadata.raw;
    const problems: string[] = [];
    const usesPar = requestMethod !== 'by-value';
    if (profile !== 'fapi1-adv' || usesPar) {
      checks(profile === 'fapi1-adv' ? R.fapi1PkceS256WithPar : R.fapi2PkceS256Required);
      if (!list(raw, 'code_challenge_methods_supported')?.includes('S256')) problems.push(`code_challenge_methods_supported is ${JSON.stringify(raw.code_challenge_methods_supported)}, without S256`);
    }
    if (profile !== 'fapi1-adv') {
      checks(R.fapi2IssInResponse, R.fapi2ParRequired);
      if (raw.authorization_response_iss_parameter_supported !== true) problems.push(`authorization_response_iss_parameter_supported is ${JSON.stringify(raw.authorization_response_iss_parameter_supported)}, not true`);
    }
    if (usesPar && typeof raw.pushed_authorization_request_endpoint !== 'string') problems.push('no pushed_authorization_request_endpoint');
    if (requestMethod === 'by-value') {
      checks(R.fapi1SignedRequestObject);
      // OpenID Connect Discovery: request_parameter_supported defaults to false.
      if (raw.request_parameter_supported !== true) problems.push(`request_parameter_supported is ${JSON.stringify(raw.request_parameter_supported)}, not true`);
    }
    if (responseMode === 'jwt' && !list(raw, 'authorization_signing_alg_values_supported')?.length) problems.push('JARM is offered, but authorization_signing_alg_values_supported is missing or empty');
    judgeAll(R.fapi2DiscoveryMetadata, 'the metadata the profile relies on', problems);
  });
});
