import {
  checks,
  ConformanceFailure,
  expect,
  expectOAuthError,
  expectRejected,
  expectResourceRefused,
  faultTag,
  obtainCode,
  obtainTokens,
  oidf,
  onlyWhere,
  R,
  test,
  type RelyingParty,
} from '../../fixtures';
import { dpopThumbprint, generateSigningKey, type DpopProofTamper, type ResourceTamper } from '../../fixtures/rp-parts';

/**
 * DPoP (RFC 9449) beyond the happy flow: the protected resource's checks of every part of a proof (the conformance
 * suite's negative probes, and what must still pass), proofs dated 10 s off, and the binding of the authorization code
 * to a DPoP key at PAR (RFC 9449 10). Resource probes present one access token per worker (sharedTokens); time claims
 * are dated, never waited for.
 */

const NEGATIVE = oidf('fapi2-security-profile-final-dpop-negative-tests');

/** A resource call that must be served, or the probes that follow prove nothing. */
async function expectServed(rp: RelyingParty, url: string, token: string, tamper: ResourceTamper, what: string): Promise<void> {
  const exchange = await rp.callResource(url, token, tamper);
  if (exchange.response.status !== 200) throw new ConformanceFailure(R.rfc9449Resource, `${what}: the call to be served`, `HTTP ${exchange.response.status}`);
}

/** Each probe is a step named after it; all of them run, and the test fails once, naming every probe the resource
 * let through (an auditor wants the whole list, not the first). */
async function probeAll(rp: RelyingParty, url: string, token: string, probes: [string, ResourceTamper][]): Promise<void> {
  await expectServed(rp, url, token, {}, 'a conforming proof (else the refusals below prove nothing)');
  const served: string[] = [];
  for (const [name, tamper] of probes) {
    const exchange = await rp.callResource(url, token, tamper);
    await test.step(`probe: ${name}: HTTP ${exchange.response.status}`, async () => {
      await expectResourceRefused(exchange, R.rfc9449ProofCheck).catch((e: Error) => served.push(`${name} (${e.message.split('actual: ').at(-1)})`));
    });
  }
  if (served.length) throw new ConformanceFailure(R.rfc9449ProofCheck, 'every probe refused (401 or 400)', `not refused: ${served.join('; ')}`);
}

const proof = (dpop: DpopProofTamper): ResourceTamper => ({ dpop });

test.describe('DPoP', () => {
  onlyWhere((v) => v.senderConstraint === 'dpop', 'the variant binds tokens with mTLS');

  test.describe('the resource checks every part of a proof', () => {
    test('a proof with a bad header is refused: typ missing or wrong, alg none or RS256, a private key in jwk, no jwk', { tag: ['@negative', faultTag('resource-dpop-header-not-checked')], annotation: NEGATIVE }, async ({ rp, frontChannel, harness }) => {
      checks(R.rfc9449ProofCheck, R.fapi2RsKeyBinding);
      // An RSA proof key, so that the RS256 probe differs from a good proof in its alg alone.
      rp.useDpopKey(await generateSigningKey('PS256'));
      const { tokens } = await obtainTokens(rp, frontChannel);
      await probeAll(rp, harness.resource(), tokens.access_token, [
        ['no typ', proof({ typ: null })],
        ['typ JWT', proof({ typ: 'JWT' })],
        ['alg none', proof({ alg: 'none' })],
        ['alg RS256 with the bound key', proof({ alg: 'RS256' })],
        ['the private key in jwk', proof({ privateJwk: true })],
        ['no jwk', proof({ omitJwk: true })],
      ]);
    });

    test('a proof whose signature does not verify is refused', { tag: ['@negative', faultTag('resource-dpop-signature-not-checked')], annotation: NEGATIVE }, async ({ sharedTokens, harness }) => {
      checks(R.rfc9449ProofCheck);
      const { rp, tokens } = sharedTokens;
      await probeAll(rp, harness.resource(), tokens.access_token, [['a corrupted signature', proof({ corruptSignature: true })]]);
    });

    test('a proof with missing or wrong claims is refused: htm, htu, iat, ath, jti', { tag: ['@negative', faultTag('resource-dpop-claims-not-checked')], annotation: NEGATIVE }, async ({ sharedTokens, harness }) => {
      checks(R.rfc9449ProofCheck, R.rfc9449Resource);
      const { rp, tokens } = sharedTokens;
      // RFC 9449 4.3-11 / 11.1: a server that hands out nonces may judge freshness by its nonce instead of iat. So the
      // iat probes carry no nonce and are not retried with one: a demand for a nonce (use_dpop_nonce) is a refusal too.
      const stale = (iat: (now: number) => number): ResourceTamper => ({ dpop: { omitClaims: ['nonce'], claims: (now) => ({ iat: iat(now) }) }, noNonceRetry: true });
      await probeAll(rp, harness.resource(), tokens.access_token, [
        ['no htm', proof({ omitClaims: ['htm'] })],
        ['htm PUT for a GET', proof({ claims: () => ({ htm: 'PUT' }) })],
        ['no htu', proof({ omitClaims: ['htu'] })],
        ['htu of another resource', proof({ claims: () => ({ htu: new URL('/other/resource', harness.resource()).href }) })],
        ['no iat', proof({ omitClaims: ['iat'] })],
        ['iat an hour ago, no nonce', stale((now) => now - 3600)],
        ['iat an hour ahead, no nonce', stale((now) => now + 3600)],
        ['no ath', proof({ omitClaims: ['ath'] })],
        ['ath of another token', proof({ claims: () => ({ ath: 'bm90LXRoaXMtdG9rZW4tYnV0LWFub3RoZXItb25lLXdob2xseQ' }) })],
        ['no jti', proof({ omitClaims: ['jti'] })],
      ]);
    });

    test('a proof presented a second time is refused', { tag: ['@negative', faultTag('resource-dpop-replay-allowed')], annotation: NEGATIVE }, async ({ sharedTokens, harness }) => {
      checks(R.rfc9449ProofCheck);
      const { rp, tokens } = sharedTokens;
      const url = harness.resource();
      const once = await rp.dpopProof('GET', url, tokens.access_token);
      await expectServed(rp, url, tokens.access_token, { proof: once }, 'the proof the first time');
      await expectResourceRefused(await rp.callResource(url, tokens.access_token, { proof: once }), R.rfc9449ProofCheck);
    });

    test('the DPoP-bound token without a proof is refused: under the Bearer scheme, and under DPoP with no DPoP header', { tag: ['@negative', faultTag('resource-accepts-bearer-for-dpop')], annotation: NEGATIVE }, async ({ sharedTokens, harness }) => {
      checks(R.rfc9449Resource, R.fapi2RsKeyBinding);
      const { rp, tokens } = sharedTokens;
      await probeAll(rp, harness.resource(), tokens.access_token, [
        ['Bearer scheme, no proof', { scheme: 'Bearer', omitDpop: true }],
        ['DPoP scheme, no proof', { omitDpop: true }],
      ]);
    });

    test('proofs that differ only in what RFC 9449 allows are served: an extra claim, nbf and exp, an htu written differently', { tag: ['@positive'], annotation: oidf('fapi2-security-profile-final-check-dpop-proof-nbf-exp') }, async ({ sharedTokens, harness }) => {
      checks(R.rfc9449ProofCheck, R.rfc9449Resource);
      const { rp, tokens } = sharedTokens;
      const url = harness.resource();
      const upper = new URL(url);
      const written = `${upper.protocol}//${upper.hostname.toUpperCase()}:${upper.port || '443'}${upper.pathname}`;
      for (const [what, tamper] of [
        ['an extra claim', proof({ claims: () => ({ extra: 'ignored' }) })],
        ['nbf 5 s ago and exp in a minute', proof({ claims: (now) => ({ nbf: now - 5, exp: now + 60 }) })],
        [`htu ${written} (the same URL: RFC 3986 6.2.2 normalisation)`, { htu: written }],
      ] as [string, ResourceTamper][]) {
        await test.step(`proof with ${what}`, () => expectServed(rp, url, tokens.access_token, tamper, `a proof with ${what}`));
      }
    });
  });

  test.describe('iat 10 seconds off', () => {
    for (const [title, offset, module] of [
      ['a proof dated 10 seconds ago is accepted at PAR and at the resource', -10, 'fapi2-security-profile-final-ensure-dpopproof-with-iat-10seconds-before-succeeds'],
      ['a proof dated 10 seconds ahead is accepted at PAR and at the resource', 10, 'fapi2-security-profile-final-ensure-dpopproof-with-iat-10seconds-after-succeeds'],
    ] as const) {
      test(title, { tag: ['@positive'], annotation: oidf(module) }, async ({ sharedTokens, harness }) => {
        checks(R.fapi2ClockSkew, R.rfc9449ProofCheck);
        const { rp, tokens } = sharedTokens;
        const dated = { claims: (now: number) => ({ iat: now + offset }) };
        const pushed = await rp.prepareAuthorization({ parDpop: dated });
        if (pushed.kind !== 'prepared') throw new ConformanceFailure(R.fapi2ClockSkew, 'the push with the dated proof to be accepted', `refused: ${pushed.error}`);
        await expectServed(rp, harness.resource(), tokens.access_token, proof(dated), `a proof dated ${offset} s`);
      });
    }
  });

  test.describe('the authorization code bound to a DPoP key (RFC 9449 10)', () => {
    test('the key proved at PAR binds the flow: the same key gets tokens bound to it', { tag: ['@positive'], annotation: oidf('fapi2-security-profile-final-ensure-dpopproof-at-par-endpoint-binding-success') }, async ({ sharedTokens }) => {
      checks(R.rfc9449CodeBinding, R.rfc9449TokenRequest);
      const { rp, tokens } = sharedTokens;
      // sharedTokens come from a flow that proved the key at PAR; obtainTokens checked the binding, this names it.
      const cnf = (tokens as { cnf?: { jkt?: string } }).cnf;
      test.info().annotations.push({ type: 'binding', description: `token_type ${tokens.token_type}${cnf?.jkt ? `, cnf.jkt ${cnf.jkt}` : ''}; the key's thumbprint ${await rp.dpopJkt()}` });
      expect(tokens.token_type.toLowerCase(), 'a DPoP-bound token').toBe('dpop');
    });

    test('dpop_jkt at PAR, without a proof there, binds the code: the named key gets tokens', { tag: ['@positive'], annotation: oidf('fapi2-security-profile-final-ensure-dpop-auth-code-binding-success') }, async ({ rp, frontChannel }) => {
      checks(R.rfc9449CodeBinding, R.rfc9449TokenRequest);
      const jkt = (await rp.dpopJkt())!;
      await obtainTokens(rp, frontChannel, { parDpop: 'omit', set: { dpop_jkt: jkt } });
    });

    test('a dpop_jkt that contradicts the DPoP proof at PAR is refused', { tag: ['@negative', faultTag('accept-mismatched-dpop-jkt-at-par')], annotation: oidf('fapi2-security-profile-final-ensure-mismatched-dpop-jkt-fails') }, async ({ rp, frontChannel }) => {
      checks(R.rfc9449CodeBinding);
      const other = await dpopThumbprint(await generateSigningKey('ES256'));
      const outcome = await expectRejected(await frontChannel.run(await rp.prepareAuthorization({ set: { dpop_jkt: other } }), rp), R.rfc9449CodeBinding);
      expect(outcome.kind, 'the refusal happens at PAR, where proof and dpop_jkt meet').toBe('par-rejected');
    });

    test('a token request proving another key than the dpop_jkt named at PAR is refused', { tag: ['@negative', faultTag('dpop-code-binding-not-checked')], annotation: oidf('fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-jkt') }, async ({ rp, frontChannel }) => {
      checks(R.rfc9449CodeBinding, R.rfc9449TokenRequest);
      const named = await dpopThumbprint(await generateSigningKey('ES256'));
      const { prepared, outcome } = await obtainCode(rp, frontChannel, { parDpop: 'omit', set: { dpop_jkt: named } });
      await expectOAuthError(await rp.exchangeCode(prepared, outcome.code), R.rfc9449CodeBinding);
    });

    test('a token request proving another key than the one proved at PAR is refused', { tag: ['@negative', faultTag('dpop-code-binding-not-checked')], annotation: oidf('fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-proof-jkt') }, async ({ rp, frontChannel }) => {
      checks(R.rfc9449CodeBinding, R.rfc9449TokenRequest);
      const { prepared, outcome } = await obtainCode(rp, frontChannel);
      rp.useDpopKey(await generateSigningKey('ES256'));
      await expectOAuthError(await rp.exchangeCode(prepared, outcome.code), R.rfc9449CodeBinding);
    });
  });
});
