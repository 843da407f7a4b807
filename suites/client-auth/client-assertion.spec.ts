import {
  checks,
  ConformanceFailure,
  excerpt,
  expect,
  expectRejected,
  expectTokenRequestRefused,
  faultTag,
  obtainCode,
  oidf,
  onlyWhere,
  perProfile,
  R,
  test,
  withAlgorithm,
  type FaultName,
  type RelyingParty,
  type SigningKey,
} from '../../fixtures';
import type { ClientAssertionTamper } from '../../fixtures/rp-parts';

/**
 * private_key_jwt client authentication (RFC 7523 3; FAPI 2.0 SP 5.3.2.1; FAPI 1.0 Advanced 5.2.2-14), at the token
 * endpoint and at the PAR endpoint. Token-endpoint refusals are judged with a code that was never issued, so that no
 * browser flow is needed; an AS that judges that code first gets the same request again with a real one (see
 * expectTokenRequestRefused). Time claims are back- or forward-dated, never waited for.
 */

const authClause = (rp: RelyingParty) => perProfile(rp.variant, { 'fapi2-sp': R.fapi2ClientAuthMethods, 'fapi2-ms': R.fapi2ClientAuthMethods, 'fapi1-adv': R.fapi1ClientAuthMethods });
const viaPar = (rp: RelyingParty) => ({ requestMethod: rp.variant.requestMethod === 'by-value' ? ('par-signed' as const) : rp.variant.requestMethod });
/** RFC 6749 5.2: a client that fails to authenticate gets invalid_client. */
const INVALID_CLIENT = { errors: ['invalid_client'] };

test.describe('client assertion (private_key_jwt)', () => {
  onlyWhere((v) => v.clientAuth === 'private_key_jwt', 'the client authenticates with tls_client_auth: it sends no client assertion');

  test.describe('at the token endpoint', () => {
    const refused: { title: string; fault: FaultName; modules: string[]; tamper: (rp: RelyingParty, rp2: RelyingParty) => Promise<ClientAssertionTamper | undefined> | ClientAssertionTamper | undefined; clauses?: (rp: RelyingParty) => string[]; errors?: string[] }[] = [
      {
        title: 'a token request with the client_id but no client assertion is refused',
        fault: 'accept-missing-client-assertion',
        modules: ['ensure-client-assertion-in-token-endpoint'],
        tamper: () => ({ omitAssertion: true }),
        clauses: (rp) => [authClause(rp)],
      },
      {
        title: 'a client assertion signed with RS256 (by the client\'s own RSA key) is refused',
        fault: 'accept-client-assertion-rs256',
        modules: ['ensure-signed-client-assertion-with-RS256-fails'],
        tamper: async (rp) => {
          const rs256 = await withAlgorithm(rp.client.signingKey, 'RS256');
          return rs256 ? { signWith: rs256 } : undefined;
        },
        clauses: (rp) => [perProfile(rp.variant, { 'fapi2-sp': R.fapi2AlgorithmsAllowed, 'fapi2-ms': R.fapi2AlgorithmsAllowed, 'fapi1-adv': R.fapi1Algorithms })],
      },
      {
        title: 'a client assertion without sub is refused',
        fault: 'client-assertion-sub-not-checked',
        modules: ['ensure-client-assertion-with-no-sub-fails'],
        tamper: () => ({ omitClaims: ['sub'] }),
      },
      {
        title: 'a client assertion whose sub is not the client_id is refused',
        fault: 'client-assertion-sub-not-checked',
        modules: ['fapi1-advanced-final-ensure-client-assertion-with-wrong-sub-fails'],
        tamper: () => ({ claims: () => ({ sub: 'not-this-client' }) }),
        // oidc-provider takes the client from sub and finds it differs from client_id: invalid_request, a refusal too.
        errors: ['invalid_client', 'invalid_request'],
      },
      {
        title: 'a client assertion whose iss is not the client_id is refused',
        fault: 'client-assertion-iss-not-checked',
        modules: ['fapi1-advanced-final-ensure-client-assertion-with-wrong-iss-fails'],
        tamper: () => ({ claims: () => ({ iss: 'not-this-client' }) }),
      },
      {
        title: 'a client assertion whose aud names another server is refused',
        fault: 'client-assertion-aud-not-checked',
        modules: ['ensure-client-assertion-with-wrong-aud-fails'],
        tamper: () => ({ claims: () => ({ aud: 'https://as.invalid/' }) }),
      },
      {
        title: 'a client assertion whose exp was 5 minutes ago is refused',
        fault: 'accept-expired-client-assertion',
        modules: ['ensure-client-assertion-with-exp-is-5-minutes-in-past-fails'],
        tamper: () => ({ claims: (now) => ({ iat: now - 360, nbf: now - 360, exp: now - 300 }) }),
      },
      {
        title: 'a client assertion signed with client 2\'s key is refused',
        fault: 'accept-client-assertion-bad-signature',
        modules: [],
        tamper: (_rp, rp2) => ({ signWith: rp2.client.signingKey }),
      },
    ];

    for (const c of refused) {
      test(c.title, { tag: ['@negative', faultTag(c.fault)], annotation: c.modules.length ? oidf(...c.modules) : [] }, async ({ rp, rp2, frontChannel }) => {
        checks(R.rfc7523ClientAssertion, R.rfc6749TokenError, ...(c.clauses?.(rp) ?? []));
        const tamper = await c.tamper(rp, rp2);
        test.skip(tamper === undefined, 'the client\'s key is not an RSA key: it cannot sign RS256');
        await expectTokenRequestRefused(rp, frontChannel, { clientAssertion: tamper! }, R.rfc7523ClientAssertion, { errors: c.errors ?? INVALID_CLIENT.errors });
      });
    }

    test(
      'a FAPI 1.0 client assertion signed with EdDSA (by client 1\'s registered Ed25519 key) is refused',
      { tag: ['@negative', faultTag('accept-eddsa-from-fapi1-clients')] },
      async ({ rp, harness, frontChannel }) => {
        test.skip(rp.variant.profile !== 'fapi1-adv', 'FAPI 2.0 allows EdDSA with Ed25519 (an AS may or may not offer it)');
        const ed25519 = await harness.registeredEd25519Key();
        test.skip('missing' in ed25519, 'missing' in ed25519 ? ed25519.missing : '');
        checks(R.fapi1Algorithms, R.rfc7523ClientAssertion, R.rfc6749TokenError);
        await expectTokenRequestRefused(rp, frontChannel, { clientAssertion: { signWith: ed25519 as SigningKey } }, R.fapi1Algorithms, INVALID_CLIENT);
      },
    );

    test(
      'a token request with client 2\'s client_id and client 1\'s assertion is refused',
      { tag: ['@negative', faultTag('client-id-not-matched')], annotation: oidf('ensure-client-id-in-token-endpoint') },
      async ({ rp, rp2, frontChannel }) => {
        checks(R.rfc7523ClientAssertion, R.rfc6749TokenError);
        // oidc-provider answers invalid_request ("client_id mismatch"); invalid_client is what the suite expects. Both
        // say the AS did not take client 1 for client 2.
        await expectTokenRequestRefused(rp, frontChannel, { set: { client_id: rp2.client.clientId } }, R.rfc7523ClientAssertion, { errors: ['invalid_client', 'invalid_request'] });
      },
    );

    test.describe('FAPI 1.0 Advanced audiences', () => {
      onlyWhere((v) => v.profile === 'fapi1-adv', 'FAPI 2.0 accepts only the issuer, as a single string (checked at the PAR endpoint)');

      for (const [title, module, aud] of [
        ['the issuer as aud is accepted at the token endpoint', 'fapi1-advanced-final-ensure-client-assertion-with-iss-aud-succeeds', (rp: RelyingParty) => rp.issuer],
        ['aud as an array holding the issuer is accepted at the token endpoint', 'fapi1-advanced-final-test-array-as-audience-for-client-JWT-assertion', (rp: RelyingParty) => [rp.issuer, 'https://as.invalid/']],
      ] as const) {
        test(title, { tag: ['@positive'], annotation: oidf(module) }, async ({ rp, frontChannel }) => {
          checks(R.rfc7523ClientAssertion, R.rfc6749TokenResponse);
          const { prepared, outcome } = await obtainCode(rp, frontChannel);
          const exchange = await rp.exchangeCode(prepared, outcome.code, { clientAssertion: { claims: () => ({ aud: aud(rp) }) } });
          if (exchange.response.status !== 200) {
            throw new ConformanceFailure(R.rfc7523ClientAssertion, 'tokens (HTTP 200)', `${exchange.label}: HTTP ${exchange.response.status} ${excerpt(exchange.response.body, exchange.response.headers['content-type'])}`);
          }
        });
      }
    });
  });

  test.describe('at the PAR endpoint', () => {
    onlyWhere((_v, h) => typeof h.metadata.raw.pushed_authorization_request_endpoint === 'string', 'the AS advertises no PAR endpoint');

    const push = async (rp: RelyingParty, clientAssertion: ClientAssertionTamper) => rp.prepareAuthorization({ clientAssertion }, viaPar(rp));

    for (const [title, fault, module, tamper] of [
      ['a push whose client assertion names another server as aud is refused', 'client-assertion-aud-not-checked', 'fapi1-advanced-final-par-ensure-client-assertion-with-wrong-aud-fails', { claims: () => ({ aud: 'https://as.invalid/' }) }],
      ['a push whose client assertion has an iss other than the client_id is refused', 'client-assertion-iss-not-checked', 'fapi1-advanced-final-par-ensure-client-assertion-with-wrong-iss-fails', { claims: () => ({ iss: 'not-this-client' }) }],
      ['a push whose client assertion has a sub other than the client_id is refused', 'client-assertion-sub-not-checked', 'fapi1-advanced-final-par-ensure-client-assertion-with-wrong-sub-fails', { claims: () => ({ sub: 'not-this-client' }) }],
    ] as const) {
      test(title, { tag: ['@negative', faultTag(fault)], annotation: oidf(module) }, async ({ rp, frontChannel }) => {
        checks(R.rfc7523ClientAssertion, R.fapi2ParClientAuth);
        const outcome = await expectRejected(await frontChannel.run(await push(rp, tamper), rp), R.rfc7523ClientAssertion, INVALID_CLIENT);
        expect(outcome.kind, 'the refusal happens at PAR, where the client authenticates').toBe('par-rejected');
      });
    }

    test.describe('FAPI 2.0: the issuer, as a single string, is the only audience', () => {
      onlyWhere((v) => v.profile !== 'fapi1-adv', 'FAPI 1.0 Advanced accepts the token and PAR endpoints and arrays (RFC 9126 2)');

      for (const [title, module, aud] of [
        ['aud as an array holding the issuer is refused', 'fapi2-security-profile-final-par-test-array-as-audience-fails', (rp: RelyingParty) => [rp.issuer]],
        ['the PAR endpoint as aud is refused', 'fapi2-security-profile-final-par-test-par-endpoint-url-as-audience-fails', (rp: RelyingParty) => rp.endpoint('pushed_authorization_request_endpoint')],
        ['the token endpoint as aud is refused', 'fapi2-security-profile-final-par-test-token-endpoint-url-as-audience-fails', (rp: RelyingParty) => rp.endpoint('token_endpoint')],
      ] as const) {
        test(title, { tag: ['@negative', faultTag('fapi2-client-assertion-audience-relaxed')], annotation: oidf(module) }, async ({ rp, frontChannel }) => {
          checks(R.fapi2ClientAssertionAudience, R.fapi2ParClientAuth);
          const outcome = await expectRejected(await frontChannel.run(await push(rp, { claims: () => ({ aud: aud(rp) }) }), rp), R.fapi2ClientAssertionAudience, INVALID_CLIENT);
          expect(outcome.kind, 'the refusal happens at PAR, where the client authenticates').toBe('par-rejected');
        });
      }

      test(
        'a client assertion whose nbf is 8 seconds ahead is accepted',
        { tag: ['@positive'], annotation: oidf('fapi2-security-profile-final-par-ensure-jwt-client-assertions-nbf-8-seconds-in-the-future-is-accepted') },
        async ({ rp }) => {
          checks(R.fapi2ClockSkew, R.rfc9126Response);
          const prepared = await push(rp, { claims: (now) => ({ iat: now + 8, nbf: now + 8, exp: now + 68 }) });
          if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.fapi2ClockSkew, 'the push to be accepted (clocks may be up to 10 s apart)', `refused: ${prepared.error}${prepared.error_description ? ` (${prepared.error_description})` : ''}`);
        },
      );

      test(
        'a client assertion whose nbf is more than 60 seconds ahead is refused',
        { tag: ['@negative', faultTag('client-assertion-nbf-not-checked')], annotation: oidf('fapi2-security-profile-final-par-ensure-jwt-client-assertions-nbf-over-60-seconds-in-the-future-fails') },
        async ({ rp, frontChannel }) => {
          // FAPI 2.0 says "should reject" 60 seconds or more ahead: a warning, or a failure in strict mode. Only nbf is
          // dated ahead (iat is now), so that the nbf rule alone decides; iat ahead is assertion-dated-ahead.spec.ts's.
          checks(R.fapi2ClockSkewReject, R.rfc7523ClientAssertion);
          const outcome = await expectRejected(await frontChannel.run(await push(rp, { claims: (now) => ({ iat: now, nbf: now + 65, exp: now + 125 }) }), rp), R.fapi2ClockSkewReject, INVALID_CLIENT);
          expect(outcome.kind, 'the refusal happens at PAR, where the client authenticates').toBe('par-rejected');
        },
      );
    });

    test.describe('FAPI 1.0 Advanced audiences', () => {
      onlyWhere((v) => v.profile === 'fapi1-adv', 'FAPI 2.0 accepts only the issuer, as a single string');

      for (const [title, module, aud] of [
        ['the PAR endpoint as aud is accepted', 'fapi1-advanced-final-par-test-pushed-authorization-url-as-audience-for-client-JWT-assertion', (rp: RelyingParty) => rp.endpoint('pushed_authorization_request_endpoint')],
        ['the token endpoint as aud is accepted', 'fapi1-advanced-final-par-token-endpoint-url-as-audience-for-client-JWT-assertion', (rp: RelyingParty) => rp.endpoint('token_endpoint')],
      ] as const) {
        test(title, { tag: ['@positive'], annotation: oidf(module) }, async ({ rp }) => {
          checks(R.rfc9126ClientAssertionAudience, R.rfc9126Response);
          const prepared = await push(rp, { claims: () => ({ aud: aud(rp) }) });
          if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126ClientAssertionAudience, 'the push to be accepted', `refused: ${prepared.error}${prepared.error_description ? ` (${prepared.error_description})` : ''}`);
        });
      }
    });
  });
});
