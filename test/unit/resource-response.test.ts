import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charsetOf, checkDateHeader, checkInteractionId, checkJsonContentType, checkUtf8Response, isJsonBody, mediaTypeOf } from '../../mock-rp/checks/resource-response';
import { alterToken } from '../../mock-rp/probes';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

test('the media type and charset of a Content-Type', () => {
  assert.equal(mediaTypeOf('Application/JSON; charset=UTF-8'), 'application/json');
  assert.equal(mediaTypeOf(undefined), undefined);
  assert.equal(charsetOf('application/json; charset="UTF-8"'), 'utf-8');
  assert.equal(charsetOf('application/json'), undefined);
});

test('UTF-8: a body that decodes and no other charset', () => {
  assert.equal(checkUtf8Response({ headers: { 'content-type': 'application/json' }, bytes: utf8('{"a":"für"}') }), undefined);
  assert.equal(checkUtf8Response({ headers: { 'content-type': 'application/json; charset=utf-8' }, bytes: utf8('{}') }), undefined);
  assert.match(checkUtf8Response({ headers: { 'content-type': 'application/json; charset=iso-8859-1' }, bytes: utf8('{}') }) ?? '', /iso-8859-1/);
  assert.match(checkUtf8Response({ headers: { 'content-type': 'application/json' }, bytes: new Uint8Array(Buffer.from('{"a":"für"}', 'latin1')) }) ?? '', /not well-formed UTF-8/);
});

test('JSON answers are labelled application/json; a +json type is a warning', () => {
  assert.equal(isJsonBody(utf8('{"a":1}')), true);
  assert.equal(isJsonBody(utf8('<html>')), false);
  assert.equal(isJsonBody(new Uint8Array()), false);
  assert.deepEqual(checkJsonContentType('application/json; charset=utf-8'), {});
  assert.ok(checkJsonContentType('text/plain').failure);
  assert.ok(checkJsonContentType(undefined).failure);
  assert.ok(checkJsonContentType('application/vnd.bank+json').warning);
});

test('the Date header holds an HTTP-date', () => {
  assert.equal(checkDateHeader({ date: new Date().toUTCString() }), undefined);
  assert.equal(checkDateHeader({ date: 'Sunday, 06-Nov-94 08:49:37 GMT' }), undefined);
  assert.equal(checkDateHeader({ date: 'Sun Nov  6 08:49:37 1994' }), undefined);
  assert.match(checkDateHeader({}) ?? '', /no Date/);
  assert.match(checkDateHeader({ date: '2026-12-03T15:00:00Z' }) ?? '', /not an HTTP-date/);
});

test('x-fapi-interaction-id: echoed when sent, a UUID otherwise', () => {
  const id = 'c770aef3-6784-41f7-8e0e-ff5f97bddb3a';
  assert.equal(checkInteractionId({ 'x-fapi-interaction-id': id }, id), undefined);
  assert.match(checkInteractionId({ 'x-fapi-interaction-id': 'c770aef3-6784-41f7-8e0e-000000000000' }, id) ?? '', /instead of/);
  assert.match(checkInteractionId({}, id) ?? '', /no x-fapi-interaction-id/);
  assert.equal(checkInteractionId({ 'x-fapi-interaction-id': id }, undefined), undefined);
  assert.match(checkInteractionId({ 'x-fapi-interaction-id': '12345' }, undefined) ?? '', /not an RFC 4122 UUID/);
  assert.match(checkInteractionId({}, undefined) ?? '', /sent none/);
});

test('an altered token differs in one significant character of the same class', () => {
  const differing = (a: string, b: string) => [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const opaque = 'Abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE';
  const altered = alterToken(opaque);
  assert.equal(altered.length, opaque.length);
  assert.deepEqual(differing(opaque, altered), [32]);
  // Hexadecimal stays hexadecimal.
  const hex = 'a'.repeat(40);
  assert.match(alterToken(hex), /^[0-9a-f]{40}$/);
  assert.notEqual(alterToken(hex), hex);
  // A JWS: only the signature changes, not in its last character.
  const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.' + 'Q'.repeat(86);
  const [h, p, sig] = alterToken(jws).split('.');
  assert.equal(`${h}.${p}`, 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0');
  assert.deepEqual(differing('Q'.repeat(86), sig!), [43]);
  assert.throws(() => alterToken('-_-_'), /no character/);
});
