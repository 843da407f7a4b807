import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_PKI_DIR, pkiPaths } from '../../certs/pki-paths';
import { ConformanceFailure } from '../../mock-rp/errors';
import { checkUntrustedKeysRefused, selfSignedServerCertificate, startUntrustedJwksServer } from '../../mock-rp/untrusted-server';
import { outboundFetch } from '../../reference-server/outbound';

const testCa = readFileSync(pkiPaths(DEFAULT_PKI_DIR).ca.cert, 'utf8');

test('the untrusted certificate is self-signed, names localhost and 127.0.0.1, and the test CA did not issue it', async () => {
  const { cert } = await selfSignedServerCertificate();
  const c = new X509Certificate(cert);
  assert.equal(c.issuer, c.subject);
  assert.ok(c.verify(c.publicKey), 'signed by its own key');
  assert.equal(c.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(c.checkHost('localhost'), 'localhost');
  assert.equal(c.checkIssued(new X509Certificate(testCa)), false);
  assert.ok(new Date(c.validFrom) < new Date() && new Date() < new Date(c.validTo), 'valid now: the issuer is its only defect');
});

test('the reference server fetch refuses the untrusted server before any request; the fault fetch reads the key set', async () => {
  const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' }] };
  const server = await startUntrustedJwksServer(jwks);
  try {
    await assert.rejects(outboundFetch({ ca: testCa })(server.url, {}) as Promise<unknown>);
    assert.equal(server.traffic().connections, 1);
    assert.equal(server.traffic().requests, 0, 'a checked handshake sends nothing');
    const res = (await outboundFetch({ rejectUnauthorized: false })(server.url, {})) as Response;
    assert.deepEqual(await res.json(), jwks);
    assert.equal(server.traffic().requests, 1);
  } finally {
    await server.close();
  }
});

test('the verdict: a request reaching the server or an accepted push fails; a refusal counts only after a connection', () => {
  const url = 'https://127.0.0.1:1/p/jwks.json';
  const refused = { kind: 'refused', status: 401, error: 'invalid_client' } as const;
  assert.equal(checkUntrustedKeysRefused('FAPI2-SP-5.2.1-5', refused, { connections: 1, handshakes: 0, requests: 0 }, url), 'refused');
  assert.equal(checkUntrustedKeysRefused('FAPI2-SP-5.2.1-5', { kind: 'registration-refused', status: 400, error: 'invalid_client_metadata' }, { connections: 1, handshakes: 0, requests: 0 }, url), 'refused');
  assert.equal(checkUntrustedKeysRefused('FAPI2-SP-5.2.1-5', refused, { connections: 0, handshakes: 0, requests: 0 }, url), 'not-judged');
  assert.throws(() => checkUntrustedKeysRefused('FAPI2-SP-5.2.1-5', refused, { connections: 1, handshakes: 1, requests: 1 }, url), ConformanceFailure);
  assert.throws(() => checkUntrustedKeysRefused('FAPI1-BASE-7.1-2', { kind: 'accepted', status: 201 }, { connections: 0, handshakes: 0, requests: 0 }, url), ConformanceFailure);
});
