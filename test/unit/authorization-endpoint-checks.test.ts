import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNoCorsGrant, redirectionTo } from '../../mock-rp/checks/authorization-endpoint';
import { bitsAtMost, requestUriVariablePart } from '../../mock-rp/checks/entropy';

const FOREIGN = 'https://attacker.invalid/callback';
const REQ = 'https://as.example/auth?client_id=x';

test('a redirect to the foreign redirect_uri is found in a Location, a form or a refresh', () => {
  assert.match(redirectionTo({ status: 302, headers: { location: `${FOREIGN}?error=invalid_request` }, body: '' }, FOREIGN, REQ) ?? '', /HTTP 302/);
  assert.match(redirectionTo({ status: 200, headers: {}, body: `<form method="post" action="${FOREIGN}"><input name="error"></form>` }, FOREIGN, REQ) ?? '', /form/);
  assert.match(redirectionTo({ status: 200, headers: {}, body: `<meta http-equiv="refresh" content="0;url=${FOREIGN}?error=x">` }, FOREIGN, REQ) ?? '', /refresh/);
});

test('an error page naming the URI, or a redirect elsewhere, is no redirect to it', () => {
  assert.equal(redirectionTo({ status: 400, headers: {}, body: `<p>redirect_uri ${FOREIGN} is not registered</p>` }, FOREIGN, REQ), undefined);
  assert.equal(redirectionTo({ status: 302, headers: { location: '/login' }, body: '' }, FOREIGN, REQ), undefined);
  assert.equal(redirectionTo({ status: 302, headers: { location: 'https://attacker.invalid/other' }, body: '' }, FOREIGN, REQ), undefined);
  assert.equal(redirectionTo({ status: 200, headers: { location: FOREIGN }, body: '' }, FOREIGN, REQ), undefined);
});

test('CORS: the foreign origin, or any origin, granted', () => {
  const origin = 'https://foreign-origin.invalid';
  assert.equal(checkNoCorsGrant({}, origin), undefined);
  assert.equal(checkNoCorsGrant({ 'access-control-allow-origin': 'https://as.example' }, origin), undefined);
  assert.match(checkNoCorsGrant({ 'access-control-allow-origin': origin }, origin) ?? '', /foreign-origin/);
  assert.match(checkNoCorsGrant({ 'access-control-allow-origin': '*' }, origin) ?? '', /\*/);
});

test('request_uri entropy: the part past the RFC 9126 URN prefix, bounded by length and alphabet', () => {
  assert.equal(requestUriVariablePart('urn:ietf:params:oauth:request_uri:abc'), 'abc');
  assert.equal(requestUriVariablePart('urn:example:bwc4JK'), 'urn:example:bwc4JK');
  assert.equal(bitsAtMost('A'.repeat(43)), 258);
  assert.equal(bitsAtMost('A'.repeat(11)), 66);
  assert.equal(bitsAtMost('ab'.repeat(16)), 192); // an upper bound: read as base64url, not as hexadecimal
});
