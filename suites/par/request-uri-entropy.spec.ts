import { bitsAtMost, checks, ConformanceFailure, faultTag, onlyWhere, R, requestUriVariablePart, test } from '../../fixtures';

/**
 * Pushed request_uri values cannot be guessed (RFC 9126 7.1, which sends the reader to RFC 9101 10.2: entropy
 * "sufficiently large", in its guidance a random value of 128 bits or more). Judged by an upper bound on the entropy of
 * the value past the fixed URN prefix: length × log2 of its alphabet, from one push. The MUST sets no number, so falling
 * short of the guidance's 128 bits is a warning (a failure in strict mode).
 */
test.describe('request_uri entropy', () => {
  onlyWhere((v) => v.requestMethod !== 'by-value', 'the variant sends its request object by value: no request_uri is pushed');

  test('a pushed request_uri carries at least 128 bits', { tag: ['@negative', faultTag('short-request-uri')] }, async ({ rp }) => {
    checks(R.rfc9126RequestUriEntropy);
    const prepared = await rp.prepareAuthorization();
    if (prepared.kind !== 'prepared') throw new ConformanceFailure(R.rfc9126Response, 'a request_uri for a conforming request', `the PAR endpoint refused it: ${prepared.error}`);
    const requestUri = new URL(prepared.url).searchParams.get('request_uri') ?? '';
    const variable = requestUriVariablePart(requestUri);
    const bits = bitsAtMost(variable);
    test.info().annotations.push({ type: 'entropy', description: `request_uri: ${variable.length} characters past the fixed prefix, at most ${bits} bits` });
    if (bits < 128) throw new ConformanceFailure(R.rfc9126RequestUriEntropy, 'at least 128 bits of entropy in the request_uri', `${variable.length} characters: at most ${bits} bits`);
  });
});
