import { checks, ConformanceFailure, decoyAlgFor, describeOutcome, excerpt, faultTag, keySetSharingKid, perProfile, R, signingAlgsFor, test } from '../../fixtures';

/**
 * Keys that share a kid (FAPI 2.0 SP 5.4.3, FAPI 1.0 Advanced 8.11): when several keys of a JWK set carry the kid of a
 * JWS, the verifier picks the key by their other members (kty, use, alg, crv). For client JWTs the AS is the verifier.
 *
 * A client registers (RFC 7591) a JWK set of two public keys under one kid, its own signing key and a decoy of another
 * key type, then runs the code flow signing its client assertions and request objects with its own key. The AS must
 * accept them. Each order is tried: with the decoy first, a lookup that takes the first key under a kid fails; with the
 * decoy last, a table of keys by kid in which a later key overwrites an earlier one fails. Both clauses, and RFC 7517 4.5, only ask (SHOULD) that the kids of a set differ, so an AS
 * that declines to register such a set breaks no MUST: the test is skipped with its answer. Without dynamic
 * registration there is no way to give the AS such a set (a configured client's keys are registered out of band, and
 * the harness cannot add a key to them), so the test is skipped with the registration fixture's reason.
 */
const ORDERS = [
  { signer: 'second', decoyAt: 'first', fault: 'client-key-first-for-kid' },
  { signer: 'first', decoyAt: 'last', fault: 'client-key-last-for-kid' },
] as const;

for (const { signer, decoyAt, fault } of ORDERS) {
  test(`client JWTs signed with the ${signer} of two registered keys sharing a kid are accepted`, { tag: ['@negative', faultTag(fault)] }, async ({ registration, harness, frontChannel }) => {
    const v = harness.variant;
    const clause = perProfile(v, { 'fapi2-sp': R.fapi2DuplicateKid, 'fapi2-ms': R.fapi2DuplicateKid, 'fapi1-adv': R.fapi1DuplicateKid });
    const m = registration.compliantMetadata();
    const signed = [
      ...(m.token_endpoint_auth_method === 'private_key_jwt' ? ['client assertions'] : []),
      ...(m.request_object_signing_alg !== undefined ? ['request objects'] : []),
    ];
    test.skip(signed.length === 0, 'clients of this variant sign nothing (tls_client_auth, parameters at PAR): the AS verifies no client JWT');
    const own = (m.jwks as { keys?: Record<string, unknown>[] } | undefined)?.keys?.[0];
    test.skip(typeof own?.kid !== 'string' || typeof own.kty !== 'string', 'the registration request names no signing key with a kid by value (jwks), so no second key can share its kid');
    const raw = harness.metadata.raw;
    const decoyAlg = decoyAlgFor(String(own!.kty), signingAlgsFor(v.profile), [
      signed.includes('client assertions') ? raw.token_endpoint_auth_signing_alg_values_supported : undefined,
      signed.includes('request objects') ? raw.request_object_signing_alg_values_supported : undefined,
    ]);
    test.skip(!decoyAlg, `no algorithm of the profile with a key type other than the client key's (${String(own!.kty)}) is advertised for ${signed.join(' and ')}`);
    checks(clause);

    const set = await keySetSharingKid(own!, decoyAlg!, decoyAt);
    m.jwks = set.jwks;
    const result = await registration.register(m);
    test.skip(
      !result.registered,
      `the AS declined to register a JWK set whose two keys share a kid (HTTP ${result.status} ${String(result.body?.error ?? '')} ${String(result.body?.error_description ?? '')}`.trimEnd() +
        '); kids that differ within a set are only a SHOULD (RFC 7517 4.5, FAPI), so declining breaks no MUST and the rule cannot be tried',
    );

    const decoy = `a decoy ${String(set.decoy.kty)} key for ${String(set.decoy.alg)}`;
    const mine = `the client's ${String(set.own.kty)} key for ${String(set.own.alg)}`;
    const keys = `kid "${String(set.own.kid)}": first ${decoyAt === 'first' ? decoy : mine}, second ${decoyAt === 'first' ? mine : decoy}`;
    const what = `${signed.join(' and ')} signed with the ${signer} key (${keys})`;
    const rp = await registration.relyingParty(result.registered!);
    const prepared = await test.step('authorization request', async () => rp.prepareAuthorization());
    const answer = prepared.kind === 'prepared' ? await test.step('front channel through the browser', async () => frontChannel.run(prepared, rp)) : prepared;
    await test.step(`AS outcome: ${describeOutcome(answer)}`, async () => {
      if (answer.kind !== 'code') {
        throw new ConformanceFailure(clause, `the AS to verify the ${what} with the key that fits their alg, and issue a code`, describeOutcome(answer));
      }
    });
    // The token endpoint sees a client JWT only with private_key_jwt; with tls_client_auth the code ends the check.
    if (answer.kind !== 'code' || prepared.kind !== 'prepared' || !signed.includes('client assertions')) return;
    await test.step('token request', async () => {
      const exchange = await rp.exchangeCode(prepared, answer.code);
      const { status, json, body, headers } = exchange.response;
      if (status !== 200 || typeof (json as { access_token?: unknown } | undefined)?.access_token !== 'string') {
        throw new ConformanceFailure(clause, `tokens for the code, the client assertion signed with the ${signer} key (${keys}) verified with the key that fits its alg`, `HTTP ${status}: ${excerpt(body, headers['content-type'], 300)}`);
      }
    });
  });
}
