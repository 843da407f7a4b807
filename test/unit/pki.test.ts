/**
 * The PKI is regenerated silently on install and at test start, so a checkPki
 * that says "ok" about a broken set would surface much later as a confusing
 * TLS failure inside a conformance suite. These tests break the files in the
 * ways real checkouts get broken and make sure each one is caught.
 *
 * One PKI is generated once and copied per test: generation costs ~0.4 s and
 * the suite has to stay fast enough to run on every change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLIENT_SUBJECTS, checkPki, ensurePki, generatePki, pkiPaths, type PkiPaths } from '../../certs/pki';

const DAY_MS = 86_400_000;

let root: string;
let base: PkiPaths;
/** Generated 400 days ago: leaves expired, CA (10 years) still valid. */
let expiredDir: string;
/** Generated 392 days ago: leaves expire in 5 days. */
let expiringDir: string;
let copies = 0;

/** A private copy of the known-good PKI, so each test can damage it freely. */
function clone(): PkiPaths {
  const dir = path.join(root, `copy-${++copies}`, 'generated');
  cpSync(base.dir, dir, { recursive: true });
  return pkiPaths(dir);
}

function problemOf(dir: string): string {
  const r = checkPki(dir);
  assert.equal(r.ok, false, 'checkPki should have reported a problem');
  return r.ok ? '' : r.problem;
}

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'fapi-pki-test-'));
  expiredDir = path.join(root, 'expired', 'generated');
  expiringDir = path.join(root, 'expiring', 'generated');
  const [r] = await Promise.all([
    ensurePki({ dir: path.join(root, 'base', 'generated') }),
    generatePki({ dir: expiredDir, now: new Date(Date.now() - 400 * DAY_MS) }),
    generatePki({ dir: expiringDir, now: new Date(Date.now() - 392 * DAY_MS) }),
  ]);
  assert.equal(r.generated, true);
  base = r.paths;
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('generation', () => {
  test('produces a PKI that passes checkPki and is valid for about 397 days', () => {
    const r = checkPki(base.dir);
    assert.equal(r.ok, true, r.ok ? '' : r.problem);
    if (!r.ok) return;
    const days = (r.notAfter.getTime() - Date.now()) / DAY_MS;
    assert.ok(days > 396 && days < 398, `notAfter ${r.notAfter.toISOString()}`);
  });

  test('keys are PKCS#8 and private files are not world-readable', () => {
    for (const name of ['ca', 'server', 'serverRsa', 'client1', 'client2', 'stranger'] as const) {
      assert.match(readFileSync(base[name].key, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
      assert.equal(statSync(base[name].key).mode & 0o777, 0o600, `${name} key mode`);
    }
    for (const file of [base.client1.jwks, base.client2.jwks, base.asJwks]) {
      assert.equal(statSync(file).mode & 0o777, 0o600, `${path.basename(file)} mode`);
    }
  });

  test('leaf certificates chain to the CA and carry the expected names and usages', () => {
    const ca = new X509Certificate(readFileSync(base.ca.cert));
    const server = new X509Certificate(readFileSync(base.server.cert));
    assert.ok(server.verify(ca.publicKey));
    assert.equal(server.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkIP('::1'), '::1');
    assert.deepEqual(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    // The RSA twin (for TLS 1.2's *_RSA suites): same names and usage, a 2048-bit RSA key.
    const serverRsa = new X509Certificate(readFileSync(base.serverRsa.cert));
    assert.ok(serverRsa.verify(ca.publicKey));
    assert.equal(serverRsa.subjectAltName, server.subjectAltName);
    assert.deepEqual(serverRsa.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(serverRsa.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(serverRsa.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    for (const name of ['client1', 'client2', 'stranger'] as const) {
      const c = new X509Certificate(readFileSync(base[name].cert));
      assert.ok(c.verify(ca.publicKey));
      // Node prints RDNs in encoding order; CLIENT_SUBJECTS is RFC 4514 (reverse) order.
      assert.equal(c.subject, CLIENT_SUBJECTS[name].split(',').reverse().join('\n'));
      assert.equal(c.subjectAltName, `DNS:${name}.fapi-harness.test`);
      assert.deepEqual(c.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    }
  });

  test('JWKS files hold private keys with the expected algorithms and thumbprint kids', () => {
    type Key = { kty: string; alg: string; use: string; kid: string; d?: string; crv?: string };
    const keys = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { keys: Key[] }).keys;
    const shape = (k: Key) => `${k.kty}/${k.alg}/${k.use}`;
    // Client 1's Ed25519 key comes second: PS256 stays the key it signs with (the first one).
    assert.deepEqual(keys(base.client1.jwks).map(shape), ['RSA/PS256/sig', 'OKP/EdDSA/sig']);
    assert.equal(keys(base.client1.jwks)[1]!.crv, 'Ed25519');
    assert.deepEqual(keys(base.client2.jwks).map(shape), ['EC/ES256/sig']);
    assert.deepEqual(keys(base.asJwks).map(shape), ['RSA/PS256/sig', 'EC/ES256/sig', 'RSA/RSA-OAEP-256/enc', 'EC/ECDH-ES/enc']);
    for (const k of [...keys(base.client1.jwks), ...keys(base.client2.jwks), ...keys(base.asJwks)]) {
      assert.equal(typeof k.d, 'string');
      assert.match(k.kid, /^[A-Za-z0-9_-]{43}$/);
    }
  });
});

describe('ensurePki', () => {
  test('is idempotent: a second call leaves a valid PKI untouched', async () => {
    const p = clone();
    const before = readFileSync(p.ca.cert, 'utf8');
    const r = await ensurePki({ dir: p.dir });
    assert.equal(r.generated, false);
    assert.equal(r.reason, undefined);
    assert.equal(readFileSync(p.ca.cert, 'utf8'), before);
  });

  test('concurrent calls on an empty directory generate exactly once', async () => {
    const dir = path.join(root, 'concurrent', 'generated');
    const results = await Promise.all([ensurePki({ dir }), ensurePki({ dir }), ensurePki({ dir })]);
    assert.equal(results.filter((r) => r.generated).length, 1);
    assert.equal(checkPki(dir).ok, true);
  });

  test('regenerates after a file is deleted', async () => {
    const p = clone();
    unlinkSync(p.server.key);
    assert.equal(problemOf(p.dir), 'missing file server.key.pem');
    const r = await ensurePki({ dir: p.dir });
    assert.equal(r.generated, true);
    assert.equal(r.reason, 'missing file server.key.pem');
    assert.equal(checkPki(p.dir).ok, true);
  });
});

describe('checkPki detects', () => {
  test('an expired certificate, and ensurePki renews it', async () => {
    const dir = expiredDir;
    assert.match(problemOf(dir), /^server\.crt\.pem expired on \d{4}-/);
    const r = await ensurePki({ dir });
    assert.equal(r.generated, true);
    const after = checkPki(dir);
    assert.equal(after.ok, true);
    assert.ok(after.ok && after.notAfter.getTime() > Date.now() + 390 * DAY_MS);
  });

  test('a certificate expiring within 7 days', async () => {
    assert.match(problemOf(expiringDir), /^server\.crt\.pem expires soon/);
  });

  test('a certificate that does not match its key (swapped key files)', () => {
    const p = clone();
    const tmp = `${p.client1.key}.swap`;
    renameSync(p.client1.key, tmp);
    renameSync(p.client2.key, p.client1.key);
    renameSync(tmp, p.client2.key);
    assert.equal(problemOf(p.dir), 'client1.crt.pem does not match client1.key.pem');
  });

  test('a leaf not issued by the CA', () => {
    const p = clone();
    // Both CA files from another (still valid) CA, so the CA is self-consistent and only the chain is wrong.
    cpSync(path.join(expiringDir, 'ca.crt.pem'), p.ca.cert);
    cpSync(path.join(expiringDir, 'ca.key.pem'), p.ca.key);
    assert.equal(problemOf(p.dir), 'server.crt.pem was not issued by the CA in ca.crt.pem');
  });

  test('an unparsable certificate', () => {
    const p = clone();
    writeFileSync(p.client2.cert, '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
    assert.match(problemOf(p.dir), /^unparsable certificate client2\.crt\.pem/);
  });

  test('a JWKS that is not JSON', () => {
    const p = clone();
    writeFileSync(p.asJwks, '{ "keys": [');
    assert.match(problemOf(p.dir), /^unparsable JWKS reference-as\.jwks\.json/);
  });

  test('a JWKS holding a public key only', () => {
    const p = clone();
    const jwks = JSON.parse(readFileSync(p.client1.jwks, 'utf8')) as { keys: Record<string, unknown>[] };
    for (const k of jwks.keys) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) delete k[member];
    writeFileSync(p.client1.jwks, JSON.stringify(jwks));
    assert.match(problemOf(p.dir), /^client1\.jwks\.json key .* is not a private key$/);
  });
});
