import assert from 'node:assert/strict';
import { getDiffieHellman } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { test } from 'node:test';
import { judgeDheKey } from '../../mock-rp/checks/tls';
import { namedDhParams } from '../../reference-server/faults/tls';

test('a DHE handshake is judged by the size of its Diffie-Hellman group', () => {
  const dhe = (size: number) => ({ kind: 'connected' as const, protocol: 'TLSv1.2', cipher: 'DHE-RSA-AES128-GCM-SHA256', ephemeralKey: { type: 'DH', size } });
  assert.equal(judgeDheKey(dhe(2048)).kind, 'long-enough');
  assert.equal(judgeDheKey(dhe(4096)).kind, 'long-enough');
  const short = judgeDheKey(dhe(1024));
  assert.equal(short.kind, 'short');
  assert.match(short.detail, /1024-bit/);
  assert.equal(judgeDheKey({ kind: 'dh-too-small', error: 'ERR_SSL_DH_KEY_TOO_SMALL' }).kind, 'short');
});

test('no DHE negotiated is no verdict: a refusal, an ECDHE key, or no handshake at all', () => {
  assert.equal(judgeDheKey({ kind: 'refused', error: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' }).kind, 'no-dhe');
  assert.equal(judgeDheKey({ kind: 'connected', protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256', ephemeralKey: { type: 'ECDH', name: 'prime256v1', size: 256 } }).kind, 'no-dhe');
  assert.equal(judgeDheKey({ kind: 'connected', protocol: 'TLSv1.2', cipher: '?' }).kind, 'no-dhe');
  assert.equal(judgeDheKey({ kind: 'unreachable', error: 'ECONNREFUSED' }).kind, 'unprobed');
});

test('the short group of the tls-short-dh-group fault is RFC 2409\'s 1024-bit second Oakley group, and TLS takes it', () => {
  const pem = namedDhParams('modp2');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const prime = getDiffieHellman('modp2').getPrime();
  assert.equal(prime.length * 8, 1024);
  // SEQUENCE { INTEGER p (with a leading zero octet), INTEGER 2 }
  assert.deepEqual(der.subarray(7, 7 + prime.length), prime);
  assert.deepEqual(der.subarray(-3), Buffer.from([0x02, 0x01, 0x02]));
  // Node takes it (with a SecurityWarning: below 2048 bits), so the fault's server really offers it.
  assert.doesNotThrow(() => createSecureContext({ dhparam: pem }));
});
