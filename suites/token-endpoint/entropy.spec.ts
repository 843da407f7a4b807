import { bitsAtMost, checks, ConformanceFailure, faultTag, R, test } from '../../fixtures';

/**
 * Codes and opaque tokens are unguessable (RFC 6749 10.10: at most a 2^-128 chance), judged by an upper bound on their
 * entropy (bitsAtMost). JWT access tokens are not opaque values and are not judged here.
 */

test('the code, the access token and the refresh token carry at least 128 bits', { tag: ['@negative', faultTag('short-opaque-values')] }, async ({ sharedTokens }) => {
  checks(R.rfc6749Entropy);
  const { code, tokens } = sharedTokens;
  const values: [string, string | undefined][] = [
    ['authorization code', code],
    ['access token', tokens.access_token.split('.').length === 3 ? undefined : tokens.access_token],
    ['refresh token', tokens.refresh_token],
  ];
  const short: string[] = [];
  for (const [name, value] of values) {
    if (value === undefined) continue;
    const bits = bitsAtMost(value);
    test.info().annotations.push({ type: 'entropy', description: `${name}: ${value.length} characters, at most ${bits} bits` });
    if (bits < 128) short.push(`${name} (${value.length} characters: at most ${bits} bits)`);
  }
  if (short.length) throw new ConformanceFailure(R.rfc6749Entropy, 'at least 128 bits of entropy in every opaque value', short.join('; '));
});
