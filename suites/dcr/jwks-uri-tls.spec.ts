import { checks, checkUntrustedKeysRefused, excerpt, faultTag, perProfile, R, startUntrustedJwksServer, test, type UntrustedKeysAnswer } from '../../fixtures';

/**
 * The AS checks the TLS certificate of the servers it connects to (FAPI 2.0 SP 5.2.1, which points to RFC 9525;
 * FAPI 1.0 Part 1 7.1, RFC 6125). The one such connection a client can cause is the AS fetching its jwks_uri.
 *
 * A private_key_jwt client is registered (RFC 7591) with a jwks_uri on an HTTPS server the harness starts on loopback
 * with a self-signed certificate made at run time: no CA any trust store holds issued it, while its names (localhost,
 * 127.0.0.1) are right, so every correct AS refuses it, whatever CAs it trusts. The client then pushes an
 * authorization request (PAR) authenticated with a client assertion signed by the key that server serves.
 *
 * The verdict holds on every correct AS: it is a failure only when the untrusted server received an HTTP request (a
 * client that checks the certificate aborts the handshake before it sends one) or when the AS accepted the assertion
 * (it can only have verified it with keys from there). A refusal counts only when the AS did connect (it may fetch
 * keys at registration or at the push; both are watched); an AS that never reaches the server is not judged.
 *
 * The positive control runs first: the same registration with jwks_uri on the harness's callback server (the test
 * PKI's certificate, which the target trusts to reach the redirect URI) must let the same push through; otherwise
 * (an AS that refuses registrations with jwks_uri, cannot reach the harness, or does not trust its CA) the test is
 * skipped with that answer, as a refusal of the untrusted server would then mean nothing.
 */
test("a client assertion whose keys sit behind an untrusted TLS certificate is refused", { tag: ['@negative', faultTag('outbound-tls-unverified')] }, async ({ registration, harness }) => {
  const v = harness.variant;
  const clause = perProfile(v, { 'fapi2-sp': R.fapi2OutboundTlsCheck, 'fapi2-ms': R.fapi2OutboundTlsCheck, 'fapi1-adv': R.fapi1OutboundTlsCheck });
  test.skip(v.clientAuth !== 'private_key_jwt', 'clients of this variant authenticate with tls_client_auth: the AS verifies no client assertion with jwks_uri keys');
  test.skip(typeof harness.metadata.raw.pushed_authorization_request_endpoint !== 'string', 'the AS advertises no pushed_authorization_request_endpoint, where the client assertion is sent');
  checks(clause);
  const requestMethod = v.requestMethod === 'by-value' ? 'par-signed' : v.requestMethod;

  const base = registration.compliantMetadata();
  const own = (base.jwks as { keys?: Record<string, unknown>[] } | undefined)?.keys?.[0];
  test.skip(typeof own?.kid !== 'string', 'the registration request names no signing key with a kid by value (jwks) to serve at a jwks_uri');
  const withKeysAt = (url: string) => {
    const m = registration.compliantMetadata();
    delete m.jwks;
    m.jwks_uri = url;
    return m;
  };

  await test.step('positive control: jwks_uri on the harness callback server', async () => {
    const controlUri = new URL('/jwks/client1', String((base.redirect_uris as string[])[0])).href;
    const served = await harness.http.send({ method: 'GET', url: controlUri, label: 'control jwks_uri (read by the harness)' });
    const keys = (served.response.json as { keys?: Record<string, unknown>[] } | undefined)?.keys ?? [];
    test.skip(
      !keys.some((k) => k.kid === own!.kid && k.kty === own!.kty && k.x === own!.x && k.n === own!.n),
      `the callback server does not serve the registered client's key at ${controlUri} (HTTP ${served.response.status}): no control is possible`,
    );
    const result = await registration.register(withKeysAt(controlUri));
    test.skip(!result.registered, `the AS declined to register a client with its keys at jwks_uri ${controlUri} (HTTP ${result.status} ${String(result.body?.error ?? '')}): no control, so a refusal of the untrusted server would mean nothing`);
    const rp = await registration.relyingParty(result.registered!);
    const pushed = await rp.prepareAuthorization({}, { requestMethod });
    test.skip(
      pushed.kind !== 'prepared',
      `the AS refused the push of a client whose keys are at jwks_uri on the harness callback server (${pushed.kind === 'prepared' ? '' : `HTTP ${pushed.status} ${pushed.error}`}): it cannot fetch from the harness or does not trust its CA, so a refusal of the untrusted server would mean nothing`,
    );
  });

  const server = await startUntrustedJwksServer({ keys: [own as never] });
  try {
    const answer = await test.step(`jwks_uri on a server with a self-signed certificate (${server.url})`, async (): Promise<UntrustedKeysAnswer> => {
      const result = await registration.register(withKeysAt(server.url));
      if (!result.registered) return { kind: 'registration-refused', status: result.status, error: String(result.body?.error ?? excerpt(result.exchange.response.body, result.exchange.response.headers['content-type'], 120)) };
      const rp = await registration.relyingParty(result.registered);
      const pushed = await rp.prepareAuthorization({}, { requestMethod });
      return pushed.kind === 'prepared' ? { kind: 'accepted', status: pushed.parExchange?.response.status ?? 201 } : { kind: 'refused', status: pushed.status, error: pushed.error };
    });
    const traffic = server.traffic();
    await test.step(`AS outcome: ${answer.kind}; at the untrusted server ${traffic.connections} connection(s), ${traffic.handshakes} handshake(s), ${traffic.requests} request(s)`, async () => {
      const verdict = checkUntrustedKeysRefused(clause, answer, traffic, server.url);
      test.skip(verdict === 'not-judged', `the AS refused (${answer.kind}) without ever connecting to the untrusted server at ${server.url}: it cannot reach it, so its refusal says nothing about the certificate check`);
    });
  } finally {
    await server.close();
  }
});
