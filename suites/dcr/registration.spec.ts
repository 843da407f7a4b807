import {
  checks,
  ConformanceFailure,
  excerpt,
  expect,
  expectRegistrationRefused,
  faultTag,
  obtainTokens,
  perProfile,
  R,
  signingAlgsFor,
  test,
  type TargetVariant,
} from '../../fixtures';

/**
 * Dynamic Client Registration (RFC 7591) and its management (RFC 7592) under FAPI: a FAPI client registers and works
 * as registered; registrations FAPI forbids are refused; the client configuration endpoint answers only the holder
 * of the registration access token. Every registration a test makes is deleted when it ends.
 */

const authClause = (v: TargetVariant) => perProfile(v, { 'fapi2-sp': R.fapi2ClientAuthMethods, 'fapi2-ms': R.fapi2ClientAuthMethods, 'fapi1-adv': R.fapi1ClientAuthMethods });
const algClause = (v: TargetVariant) => perProfile(v, { 'fapi2-sp': R.fapi2AlgorithmsAllowed, 'fapi2-ms': R.fapi2AlgorithmsAllowed, 'fapi1-adv': R.fapi1Algorithms });
const httpsClause = (v: TargetVariant) => perProfile(v, { 'fapi2-sp': R.fapi2HttpsRedirectUris, 'fapi2-ms': R.fapi2HttpsRedirectUris, 'fapi1-adv': R.fapi1HttpsRedirectUris });

/** The members whose registered value decides how the client is authenticated, signs and has its tokens bound. */
const ENFORCED_MEMBERS = [
  'token_endpoint_auth_method',
  'token_endpoint_auth_signing_alg',
  'tls_client_auth_subject_dn',
  'request_object_signing_alg',
  'id_token_signed_response_alg',
  'authorization_signed_response_alg',
  'tls_client_certificate_bound_access_tokens',
  'dpop_bound_access_tokens',
  'redirect_uris',
];

test.describe('dynamic client registration (RFC 7591)', () => {
  test('a FAPI-compliant registration is accepted with the metadata it asked for', { tag: ['@positive'] }, async ({ registration, harness }) => {
    checks(R.rfc7591Response, authClause(harness.variant), algClause(harness.variant), harness.variant.senderConstraint === 'dpop' ? R.rfc9449BoundTokensMetadata : R.rfc8705BoundTokensMetadata);
    const asked = registration.compliantMetadata();
    const result = await registration.register(asked);
    await test.step(`AS outcome: HTTP ${result.status}${result.registered ? `, client ${result.registered.clientId}` : ` ${String(result.body?.error ?? '')}`}`, async () => {
      if (!result.registered) {
        throw new ConformanceFailure(R.rfc7591Response, 'HTTP 201 with a client_id', `HTTP ${result.status} ${String(result.body?.error ?? '')} ${String(result.body?.error_description ?? '')}`.trim());
      }
    });
    const got = result.registered!.metadata;
    for (const member of ENFORCED_MEMBERS) {
      if (asked[member] === undefined) continue;
      if (JSON.stringify(got[member]) !== JSON.stringify(asked[member])) {
        throw new ConformanceFailure(R.rfc7591Response, `${member} registered as asked: ${JSON.stringify(asked[member])}`, `${member}: ${got[member] === undefined ? 'not returned' : JSON.stringify(got[member])}`);
      }
    }
    const allowed = signingAlgsFor(harness.variant.profile);
    for (const [member, value] of Object.entries(got)) {
      if ((member.endsWith('_signing_alg') || member.endsWith('_signed_response_alg')) && !allowed.includes(String(value))) {
        throw new ConformanceFailure(algClause(harness.variant), `${member} one of ${allowed.join(', ')}`, `${member}: ${String(value)}`);
      }
    }
  });

  test('a dynamically registered client completes the code flow with sender-constrained tokens', { tag: ['@positive'] }, async ({ registration, harness, frontChannel }) => {
    checks(R.rfc7591Response, harness.variant.senderConstraint === 'dpop' ? R.rfc9449BoundTokensMetadata : R.rfc8705BoundTokensMetadata);
    const result = await registration.register(registration.compliantMetadata());
    expect(result.registered, `registration answered HTTP ${result.status}`).toBeTruthy();
    const rp = await registration.relyingParty(result.registered!);
    const { tokens } = await obtainTokens(rp, frontChannel);
    await test.step('resource request with the bound access token', async () => {
      const exchange = await rp.callResource(harness.resource(), tokens.access_token);
      expect(exchange.response.status, `resource ${harness.resource()} serves the registered client's token`).toBe(200);
    });
  });

  for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
    test(`a registration asking for ${method} is refused`, { tag: ['@negative', faultTag('dcr-accept-client-secret')] }, async ({ registration, harness }) => {
      checks(authClause(harness.variant), R.rfc7591Error);
      const m = registration.compliantMetadata();
      m.token_endpoint_auth_method = method;
      delete m.token_endpoint_auth_signing_alg;
      delete m.tls_client_auth_subject_dn;
      await expectRegistrationRefused((await registration.register(m)).exchange, authClause(harness.variant));
    });
  }

  test('a registration of a public client (token_endpoint_auth_method none) is refused', { tag: ['@negative', faultTag('dcr-accept-public-client')] }, async ({ registration, harness }) => {
    const clause = perProfile(harness.variant, { 'fapi2-sp': R.fapi2ConfidentialClients, 'fapi2-ms': R.fapi2ConfidentialClients, 'fapi1-adv': R.fapi1ClientAuthMethods });
    checks(clause, R.rfc7591Error);
    const m = registration.compliantMetadata();
    m.token_endpoint_auth_method = 'none';
    delete m.token_endpoint_auth_signing_alg;
    delete m.tls_client_auth_subject_dn;
    await expectRegistrationRefused((await registration.register(m)).exchange, clause);
  });

  for (const member of ['id_token_signed_response_alg', 'token_endpoint_auth_signing_alg', 'request_object_signing_alg', 'authorization_signed_response_alg'] as const) {
    test(`a registration asking for RS256 as ${member} is refused`, { tag: ['@negative', faultTag('dcr-accept-non-fapi-alg')] }, async ({ registration, harness }) => {
      const m = registration.compliantMetadata();
      test.skip(m[member] === undefined, `clients of this variant do not register ${member}`);
      checks(algClause(harness.variant), R.rfc7591Error);
      m[member] = 'RS256';
      await expectRegistrationRefused((await registration.register(m)).exchange, algClause(harness.variant));
    });
  }

  test('a registration with an http: redirect URI is refused', { tag: ['@negative', faultTag('dcr-accept-http-redirect-uri')] }, async ({ registration, harness }) => {
    checks(httpsClause(harness.variant), R.rfc7591Error);
    const m = registration.compliantMetadata();
    // Not a loopback address: FAPI 2.0's only exception (native clients, RFC 8252 7.3) cannot apply to a web client.
    m.redirect_uris = ['http://client.example.org/fapi/cb'];
    await expectRegistrationRefused((await registration.register(m)).exchange, httpsClause(harness.variant));
  });

  test('a registration without keys, for a client that signs, is refused', { tag: ['@negative', faultTag('dcr-accept-missing-keys')] }, async ({ registration, harness }) => {
    const m = registration.compliantMetadata();
    test.skip(
      m.token_endpoint_auth_method !== 'private_key_jwt' && m.request_object_signing_alg === undefined,
      'clients of this variant sign nothing (tls_client_auth, unsigned PAR): registering them without keys is legitimate',
    );
    checks(authClause(harness.variant), R.rfc7591Metadata, R.rfc7591Error);
    delete m.jwks;
    delete m.jwks_uri;
    await expectRegistrationRefused((await registration.register(m)).exchange, authClause(harness.variant));
  });

  test('a registration with both jwks and jwks_uri is refused', { tag: ['@negative', faultTag('dcr-accept-jwks-and-jwks-uri')] }, async ({ registration }) => {
    checks(R.rfc7591Metadata, R.rfc7591Error);
    const m = registration.compliantMetadata();
    m.jwks_uri = new URL('/jwks/client1', String((m.redirect_uris as string[])[0])).href;
    await expectRegistrationRefused((await registration.register(m)).exchange, R.rfc7591Metadata);
  });
});

test.describe('registration management (RFC 7592)', () => {
  test('read, update and delete work with the registration access token', { tag: ['@positive'] }, async ({ registration }) => {
    checks(R.rfc7592Read, R.rfc7592Update, R.rfc7592Delete);
    const asked = registration.compliantMetadata();
    const result = await registration.register(asked);
    expect(result.registered, `registration answered HTTP ${result.status}`).toBeTruthy();
    const client = result.registered!;
    test.skip(!client.registrationClientUri || !client.registrationAccessToken, 'the AS returned no registration_client_uri / registration_access_token: it does not offer RFC 7592 management');

    await test.step('read', async () => {
      const read = await registration.registrar.read(client);
      if (read.response.status !== 200 || (read.response.json as { client_id?: string } | undefined)?.client_id !== client.clientId) {
        throw new ConformanceFailure(R.rfc7592Read, `HTTP 200 with client_id ${client.clientId}`, `HTTP ${read.response.status} ${excerpt(read.response.body, read.response.headers['content-type'])}`);
      }
    });
    await test.step('update', async () => {
      const name = `${String(asked.client_name)} (updated)`;
      const updated = await registration.registrar.update(client, { ...asked, client_name: name });
      const body = updated.response.json as { client_name?: string; registration_access_token?: string } | undefined;
      if (updated.response.status !== 200 || body?.client_name !== name) {
        throw new ConformanceFailure(R.rfc7592Update, `HTTP 200 with client_name "${name}"`, `HTTP ${updated.response.status}, client_name ${JSON.stringify(body?.client_name)}`);
      }
      // RFC 7592 2.2: the AS may issue a new registration access token; the old one is then void.
      if (body.registration_access_token) client.registrationAccessToken = body.registration_access_token;
    });
    await test.step('delete', async () => {
      const deleted = await registration.registrar.delete(client);
      if (deleted.response.status !== 204) throw new ConformanceFailure(R.rfc7592Delete, 'HTTP 204', `HTTP ${deleted.response.status}`);
      const after = await registration.registrar.read(client);
      if (after.response.status < 400) throw new ConformanceFailure(R.rfc7592Delete, 'the deleted client to be gone (401 on read)', `HTTP ${after.response.status}: still served`);
    });
  });

  test('read, update and delete without the registration access token are refused', { tag: ['@negative', faultTag('dcr-management-without-token')] }, async ({ registration }) => {
    checks(R.rfc7592TokenRequired);
    const asked = registration.compliantMetadata();
    const result = await registration.register(asked);
    expect(result.registered, `registration answered HTTP ${result.status}`).toBeTruthy();
    const client = result.registered!;
    test.skip(!client.registrationClientUri || !client.registrationAccessToken, 'the AS returned no registration_client_uri / registration_access_token: it does not offer RFC 7592 management');

    const attempts = [
      ['read without a token', () => registration.registrar.read(client, null)],
      ['read with a made-up token', () => registration.registrar.read(client, 'not-the-registration-access-token-0123456789')],
      ['update without a token', () => registration.registrar.update(client, { ...asked, client_name: 'hijacked' }, null)],
      ['delete without a token', () => registration.registrar.delete(client, null)],
    ] as const;
    for (const [what, call] of attempts) {
      await test.step(what, async () => {
        const exchange = await call();
        if (exchange.response.status !== 401) {
          throw new ConformanceFailure(R.rfc7592TokenRequired, `${what}: HTTP 401 invalid_token`, `HTTP ${exchange.response.status}${exchange.response.status < 300 ? ': the request was served' : ''}`);
        }
      });
    }
    await test.step('the client is untouched', async () => {
      const read = await registration.registrar.read(client);
      const body = read.response.json as { client_name?: string } | undefined;
      if (read.response.status !== 200 || body?.client_name !== asked.client_name) {
        throw new ConformanceFailure(R.rfc7592TokenRequired, 'the client as registered, readable with its token', `HTTP ${read.response.status}, client_name ${JSON.stringify(body?.client_name)}`);
      }
    });
  });
});
