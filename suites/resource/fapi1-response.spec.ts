import { randomUUID } from 'node:crypto';
import { checkDateHeader, checkInteractionId, checkJsonContentType, checkUtf8Response, checks, ConformanceFailure, faultTag, isJsonBody, mediaTypeOf, onlyWhere, R, test, warn, type RelyingParty } from '../../fixtures';

/**
 * What a FAPI 1.0 protected resource owes in each answer (FAPI 1.0 Part 1 6.2.1, items 8 to 11 and 13, which FAPI 1.0
 * Advanced 6.2.1 imports). FAPI 2.0 dropped these rules (x-fapi-interaction-id among them), so its variants skip. Only a
 * resource the target configuration names is judged: the userinfo endpoint the harness falls back to is OpenID
 * Connect's, whose answers may be signed JWTs (application/jwt) and which the clause does not aim at.
 */
test.describe('FAPI 1.0 protected resource answers', () => {
  onlyWhere((v) => v.profile === 'fapi1-adv', 'FAPI 1.0 Part 1 6.2.1 binds FAPI 1.0 resources; FAPI 2.0 sets no such rule');
  onlyWhere((_v, harness) => !!harness.target.resource, 'the target configuration names no protected resource ("resource"); the userinfo endpoint is not judged by FAPI 1.0 Part 1 6.2.1');

  /** A call with the variant's binding, which the resource must serve before anything in its answer is judged. */
  async function served(rp: RelyingParty, url: string, token: string, headers: Record<string, string> = {}) {
    const exchange = await rp.callResource(url, token, { headers });
    const { status } = exchange.response;
    if (status < 200 || status >= 300) {
      throw new ConformanceFailure(R.rfc8705BoundTokens, 'the resource to serve a call with a fresh, correctly bound access token', `HTTP ${status}`);
    }
    return { headers: exchange.response.headers, bytes: exchange.response.bytes ?? new Uint8Array() };
  }

  test('the answer is encoded in UTF-8', { tag: ['@negative', faultTag('resource-not-utf8')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi1RsUtf8);
    const answer = await served(sharedTokens.rp, harness.resource(), sharedTokens.tokens.access_token);
    const type = mediaTypeOf(answer.headers['content-type']);
    const textual = isJsonBody(answer.bytes) || (type !== undefined && (type.startsWith('text/') || type === 'application/json' || type.endsWith('+json')));
    test.skip(!textual, `the answer is ${type ?? 'unlabelled'} and not JSON: "where applicable", UTF-8 concerns text`);
    const problem = checkUtf8Response(answer);
    if (problem) throw new ConformanceFailure(R.fapi1RsUtf8, 'an answer encoded in UTF-8', problem);
  });

  test('a JSON answer is labelled application/json', { tag: ['@negative', faultTag('resource-json-mislabelled')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi1RsJsonContentType);
    const answer = await served(sharedTokens.rp, harness.resource(), sharedTokens.tokens.access_token);
    test.skip(!isJsonBody(answer.bytes), 'the answer is not JSON: "where applicable", the label concerns JSON answers');
    const verdict = checkJsonContentType(answer.headers['content-type']);
    if (verdict.failure) throw new ConformanceFailure(R.fapi1RsJsonContentType, 'Content-Type: application/json', verdict.failure);
    if (verdict.warning) await warn(verdict.warning);
  });

  test('the answer carries the server date in a Date header', { tag: ['@negative', faultTag('resource-no-date-header')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi1RsDateHeader);
    const answer = await served(sharedTokens.rp, harness.resource(), sharedTokens.tokens.access_token);
    const problem = checkDateHeader(answer.headers);
    if (problem) throw new ConformanceFailure(R.fapi1RsDateHeader, 'a Date header holding an HTTP-date (RFC 7231 7.1.1.2)', problem);
  });

  test('x-fapi-interaction-id is echoed', { tag: ['@negative', faultTag('resource-no-interaction-id')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi1RsInteractionId);
    const sent = randomUUID();
    const answer = await served(sharedTokens.rp, harness.resource(), sharedTokens.tokens.access_token, { 'x-fapi-interaction-id': sent });
    const problem = checkInteractionId(answer.headers, sent);
    if (problem) throw new ConformanceFailure(R.fapi1RsInteractionId, `x-fapi-interaction-id: ${sent} (the value sent)`, problem);
  });

  test('x-fapi-interaction-id is a UUID when the call sends none', { tag: ['@negative', faultTag('resource-no-interaction-id')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi1RsInteractionId);
    const answer = await served(sharedTokens.rp, harness.resource(), sharedTokens.tokens.access_token);
    const problem = checkInteractionId(answer.headers, undefined);
    if (problem) throw new ConformanceFailure(R.fapi1RsInteractionId, 'x-fapi-interaction-id holding an RFC 4122 UUID', problem);
  });

  test('a call with a valid x-fapi-customer-ip-address is served (IPv4 and IPv6)', { tag: ['@negative', faultTag('resource-refuses-customer-ip')] }, async ({ sharedTokens, harness }) => {
    checks(R.fapi1RsCustomerIp);
    const { rp, tokens } = sharedTokens;
    await served(rp, harness.resource(), tokens.access_token);
    // Addresses reserved for documentation (RFC 5737, RFC 3849): valid, and nobody's.
    for (const address of ['198.51.100.7', '2001:db8::7']) {
      const exchange = await rp.callResource(harness.resource(), tokens.access_token, { headers: { 'x-fapi-customer-ip-address': address } });
      const { status } = exchange.response;
      if (status < 200 || status >= 300) {
        throw new ConformanceFailure(R.fapi1RsCustomerIp, `the call with x-fapi-customer-ip-address: ${address} to be served, as the same call without it was`, `HTTP ${status}`);
      }
    }
  });
});
