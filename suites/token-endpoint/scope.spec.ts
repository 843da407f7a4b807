import { randomBytes } from 'node:crypto';
import { checks, ConformanceFailure, describeOutcome, faultTag, introspectAccessToken, introspectionEndpoint, obtainCode, R, redeemCode, scopeValuesMissing, test } from '../../fixtures';

/**
 * RFC 6749 3.3 (and 5.1): when the scope granted differs from the one requested, the token response MUST name it in
 * `scope`; an absent `scope` says "as requested". The AS may refuse, narrow or grant a scope it does not know, so the
 * request asks for the configured scope plus one value no AS can know of, and only a silent token response is judged,
 * and only where the granted scope shows: RFC 7662 introspection of the issued access token. An AS that grants any
 * scope string (introspection names the made-up value) has granted what was asked and owes no `scope`.
 */
test.describe('granted scope', () => {
  test(
    'a token response for a scope the AS did not grant in full names the granted scope',
    { tag: ['@negative', faultTag('token-response-omits-scope')] },
    async ({ rp, frontChannel }) => {
      checks(R.rfc6749Scope);
      const unknown = `fapi-harness-unknown-${randomBytes(6).toString('hex')}`;
      const requested = `${rp.scope} ${unknown}`;
      const { prepared, outcome } = await obtainCode(rp, frontChannel, { set: { scope: requested } }, {
        onRefusal: (o) => test.skip(true, `the AS refused the scope "${requested}" (${describeOutcome(o)}), which RFC 6749 4.1.2.1 allows (invalid_scope): nothing was granted`),
      });
      const tokens = await redeemCode(rp, prepared, outcome);
      if (typeof tokens.scope === 'string') {
        test.info().annotations.push({ type: 'outcome', description: `the token response names the granted scope "${tokens.scope}" (requested "${requested}")` });
        return;
      }
      const endpoint = introspectionEndpoint(rp);
      test.skip(!endpoint, `the token response names no scope ("as requested") and discovery names no introspection_endpoint: the scope granted for "${requested}" cannot be seen`);
      const exchange = await introspectAccessToken(rp, endpoint!, tokens.access_token);
      const body = exchange.response.json as Record<string, unknown> | undefined;
      test.skip(exchange.response.status !== 200 || body?.active !== true, `the token response names no scope, and introspection does not describe the token to this client (HTTP ${exchange.response.status}${body && 'active' in body ? `, active ${String(body.active)}` : ''}): the granted scope cannot be seen`);
      test.skip(typeof body!.scope !== 'string', 'the token response names no scope, and the introspection response names none either (RFC 7662 2.2 makes it optional): the granted scope cannot be seen');
      const granted = body!.scope as string;
      test.info().annotations.push({ type: 'outcome', description: `requested "${requested}"; the token response names no scope; introspection names "${granted}"` });
      // Judged on the made-up value alone: that the AS dropped it is certain; how it spells the rest is its own matter.
      if (scopeValuesMissing(unknown, granted).length) {
        throw new ConformanceFailure(R.rfc6749Scope, `the token response names the scope granted, since "${unknown}" was requested and not granted (introspection: "${granted}")`, 'a token response without scope, which says the whole requested scope was granted');
      }
    },
  );
});
