/**
 * Test PKI for the harness: one private CA, a TLS server certificate for the
 * reference authorization server, client certificates for mTLS client
 * authentication and certificate-bound tokens, and the JWKS files that the mock
 * RP and the reference server sign and encrypt with.
 *
 * Everything is generated locally on first use, because committing keys would
 * make every checkout trust the same CA and because certificates expire: a
 * clone that sat unused for 13 months must heal itself on the next
 * `npm install` / `npm run setup` instead of failing mTLS tests obscurely.
 *
 * Importing this module has no side effects apart from the Reflect polyfill
 * that `@peculiar/x509` cannot work without.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  createHash,
  createPrivateKey,
  type JsonWebKey as NodeJsonWebKey,
  KeyObject,
  randomBytes,
  webcrypto,
  X509Certificate as NodeX509Certificate,
} from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute so that callers with any working directory (Playwright workers, the reference server, npm hooks) agree. */
export const DEFAULT_PKI_DIR: string = fileURLToPath(new URL('./generated', import.meta.url));

export interface PkiPaths {
  dir: string;
  ca: { cert: string; key: string };
  server: { cert: string; key: string };
  client1: { cert: string; key: string; jwks: string };
  client2: { cert: string; key: string; jwks: string };
  stranger: { cert: string; key: string };
  asJwks: string;
}

/**
 * Subject DNs as RFC 4514 strings, i.e. what a registered client's
 * `tls_client_auth_subject_dn` holds. RFC 4514 writes the most specific RDN
 * first, so the certificate itself encodes them in the reverse order
 * (O, then CN); `openssl x509 -nameopt RFC2253 -subject` prints these strings verbatim.
 */
export const CLIENT_SUBJECTS: { client1: string; client2: string; stranger: string } = {
  client1: 'CN=client1,O=FAPI Harness Test',
  client2: 'CN=client2,O=FAPI Harness Test',
  stranger: 'CN=stranger,O=FAPI Harness Test',
};

const ORGANIZATION = 'FAPI Harness Test';
const CA_COMMON_NAME = 'FAPI Harness Test CA';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Renew ahead of expiry so that a long test session started today cannot hit the deadline mid-run. */
const RENEW_BEFORE_MS = 7 * DAY_MS;
/** The CA/Browser Forum maximum; keeps the server certificate acceptable to Chromium even when it is not pinned via --ignore-certificate-errors. */
const LEAF_VALIDITY_DAYS = 397;
const CA_VALIDITY_YEARS = 10;
/** Backdated to tolerate small clock differences between the generating machine and containers that use the files. */
const BACKDATE_MS = HOUR_MS;

const EC_SIGN: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

type LeafName = 'server' | 'client1' | 'client2' | 'stranger';
type ClientName = keyof typeof CLIENT_SUBJECTS;
const CLIENT_NAMES: readonly ClientName[] = ['client1', 'client2', 'stranger'];
const LEAF_NAMES: readonly LeafName[] = ['server', ...CLIENT_NAMES];

export function pkiPaths(dir: string = DEFAULT_PKI_DIR): PkiPaths {
  const d = path.resolve(dir);
  const pair = (name: string) => ({
    cert: path.join(d, `${name}.crt.pem`),
    key: path.join(d, `${name}.key.pem`),
  });
  return {
    dir: d,
    ca: pair('ca'),
    server: pair('server'),
    client1: { ...pair('client1'), jwks: path.join(d, 'client1.jwks.json') },
    client2: { ...pair('client2'), jwks: path.join(d, 'client2.jwks.json') },
    stranger: pair('stranger'),
    asJwks: path.join(d, 'reference-as.jwks.json'),
  };
}

/** What each JWKS file must offer, so that a file left by an older generator with other algorithms is replaced rather than trusted. */
const JWKS_EXPECTATIONS: Record<'client1' | 'client2' | 'asJwks', { kty: string; alg: string; use: string }[]> = {
  // The Ed25519 key comes second, so that PS256 stays the key client 1 signs with; it lets the harness prove that FAPI
  // 1.0 clients are refused EdDSA by a server that knows the key (a refusal of an unknown key would prove nothing).
  client1: [
    { kty: 'RSA', alg: 'PS256', use: 'sig' },
    { kty: 'OKP', alg: 'EdDSA', use: 'sig' },
  ],
  client2: [{ kty: 'EC', alg: 'ES256', use: 'sig' }],
  asJwks: [
    { kty: 'RSA', alg: 'PS256', use: 'sig' },
    { kty: 'EC', alg: 'ES256', use: 'sig' },
    { kty: 'RSA', alg: 'RSA-OAEP-256', use: 'enc' },
    { kty: 'EC', alg: 'ECDH-ES', use: 'enc' },
  ],
};

class PkiProblem extends Error {}

/** Reads a file the way checkPki needs it: a missing file is a normal outcome (first run), not an exception. */
function readOrProblem(file: string): string {
  if (!existsSync(file)) throw new PkiProblem(`missing file ${path.basename(file)}`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new PkiProblem(`cannot read ${path.basename(file)}: ${(e as Error).message}`);
  }
}

function parseCert(file: string): { node: NodeX509Certificate; notBefore: Date; notAfter: Date } {
  const pem = readOrProblem(file);
  try {
    const node = new NodeX509Certificate(pem);
    // Node 20 only exposes validity as locale-ish strings; @peculiar gives exact Dates.
    const parsed = new x509.X509Certificate(pem);
    return { node, notBefore: parsed.notBefore, notAfter: parsed.notAfter };
  } catch (e) {
    throw new PkiProblem(`unparsable certificate ${path.basename(file)}: ${(e as Error).message}`);
  }
}

function parseKey(file: string): KeyObject {
  const pem = readOrProblem(file);
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new PkiProblem(`unparsable key ${path.basename(file)}: not a PKCS#8 PEM private key`);
  }
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw new PkiProblem(`unparsable key ${path.basename(file)}: ${(e as Error).message}`);
  }
}

/** RFC 7638 computed synchronously, because checkPki must stay synchronous for config files that call it at load time. */
function thumbprintSync(jwk: JWK): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : jwk.kty === 'OKP'
          ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
          : undefined;
  if (!members) throw new PkiProblem(`unsupported kty ${String(jwk.kty)}`);
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function checkJwks(file: string, expected: { kty: string; alg: string; use: string }[]): void {
  const name = path.basename(file);
  let keys: JWK[];
  try {
    const parsed = JSON.parse(readOrProblem(file)) as { keys?: unknown };
    if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new Error('no "keys" array');
    keys = parsed.keys as JWK[];
  } catch (e) {
    if (e instanceof PkiProblem) throw e;
    throw new PkiProblem(`unparsable JWKS ${name}: ${(e as Error).message}`);
  }
  for (const jwk of keys) {
    const label = `${name} key ${jwk.kid ?? '(no kid)'}`;
    if (typeof jwk.d !== 'string') throw new PkiProblem(`${label} is not a private key`);
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: jwk as NodeJsonWebKey, format: 'jwk' });
    } catch (e) {
      throw new PkiProblem(`${label} is unusable: ${(e as Error).message}`);
    }
    const details = key.asymmetricKeyDetails ?? {};
    if (jwk.kty === 'RSA' && (details.modulusLength ?? 0) < 2048) throw new PkiProblem(`${label} is shorter than 2048 bits`);
    if (jwk.kty === 'EC' && jwk.crv !== 'P-256') throw new PkiProblem(`${label} is not on P-256`);
    if (jwk.kty === 'OKP' && jwk.crv !== 'Ed25519') throw new PkiProblem(`${label} is not an Ed25519 key`);
    let kid: string;
    try {
      kid = thumbprintSync(jwk);
    } catch (e) {
      throw new PkiProblem(`${label}: ${(e as Error).message}`);
    }
    if (jwk.kid !== kid) throw new PkiProblem(`${label}: kid is not the RFC 7638 thumbprint`);
  }
  for (const want of expected) {
    if (!keys.some((k) => k.kty === want.kty && k.alg === want.alg && k.use === want.use)) {
      throw new PkiProblem(`${name} has no ${want.kty} key with alg ${want.alg} use ${want.use}`);
    }
  }
}

/** "CN=client1,O=X" (RFC 4514, most specific first) to Node's encoding-order, newline-separated form. */
function rfc4514ToNodeSubject(dn: string): string {
  return dn.split(',').reverse().join('\n');
}

function checkPkiOrThrow(paths: PkiPaths, now: number): Date {
  const ca = parseCert(paths.ca.cert);
  const caKey = parseKey(paths.ca.key);
  if (!ca.node.ca) throw new PkiProblem('ca.crt.pem is not a CA certificate');
  if (!ca.node.verify(ca.node.publicKey)) throw new PkiProblem('ca.crt.pem is not self-signed');
  if (!ca.node.checkPrivateKey(caKey)) throw new PkiProblem('ca.crt.pem does not match ca.key.pem');

  let earliest = ca.notAfter;
  const validity = (name: string, c: { notBefore: Date; notAfter: Date }) => {
    if (c.notAfter.getTime() <= now) throw new PkiProblem(`${name} expired on ${c.notAfter.toISOString()}`);
    if (c.notAfter.getTime() - now < RENEW_BEFORE_MS) {
      throw new PkiProblem(`${name} expires soon (${c.notAfter.toISOString()})`);
    }
    if (c.notBefore.getTime() > now) throw new PkiProblem(`${name} is not valid before ${c.notBefore.toISOString()}`);
    if (c.notAfter < earliest) earliest = c.notAfter;
  };
  validity('ca.crt.pem', ca);

  for (const leaf of LEAF_NAMES) {
    const certName = `${leaf}.crt.pem`;
    const c = parseCert(paths[leaf].cert);
    const key = parseKey(paths[leaf].key);
    validity(certName, c);
    if (!c.node.checkPrivateKey(key)) throw new PkiProblem(`${certName} does not match ${leaf}.key.pem`);
    if (!c.node.checkIssued(ca.node) || !c.node.verify(ca.node.publicKey)) {
      throw new PkiProblem(`${certName} was not issued by the CA in ca.crt.pem`);
    }
    if (leaf === 'server') {
      if (!(c.node.subjectAltName ?? '').split(', ').includes('DNS:localhost')) {
        throw new PkiProblem(`${certName} has no DNS:localhost subject alternative name`);
      }
    } else if (c.node.subject !== rfc4514ToNodeSubject(CLIENT_SUBJECTS[leaf])) {
      throw new PkiProblem(`${certName} subject is not ${CLIENT_SUBJECTS[leaf]}`);
    }
  }

  checkJwks(paths.client1.jwks, JWKS_EXPECTATIONS.client1);
  checkJwks(paths.client2.jwks, JWKS_EXPECTATIONS.client2);
  checkJwks(paths.asJwks, JWKS_EXPECTATIONS.asJwks);
  return earliest;
}

/**
 * Inspects the files: missing file, unparsable, expired or expiring within 7 days, certificate not matching its key, leaf not issued by the CA.
 *
 * Synchronous so that configuration files (playwright.config.ts, the reference
 * server's start-up) can gate on it without top-level await. `notAfter` is the
 * earliest expiry of all certificates, i.e. when the PKI as a whole stops working.
 */
export function checkPki(dir?: string): { ok: true; notAfter: Date } | { ok: false; problem: string } {
  try {
    return { ok: true, notAfter: checkPkiOrThrow(pkiPaths(dir), Date.now()) };
  } catch (e) {
    if (e instanceof PkiProblem) return { ok: false, problem: e.message };
    return { ok: false, problem: `unexpected error while checking: ${(e as Error).message}` };
  }
}

/**
 * Idempotent: regenerates everything when checkPki is not ok (or force), else does nothing.
 *
 * Always regenerates the whole set rather than a single file: the leaves, the
 * CA and the JWKS are registered together in the reference server, so a
 * partial renewal would only trade one mismatch for another.
 */
export async function ensurePki(opts?: { dir?: string; force?: boolean }): Promise<{ paths: PkiPaths; generated: boolean; reason?: string }> {
  const paths = pkiPaths(opts?.dir);
  const force = opts?.force ?? false;
  if (!force && checkPki(paths.dir).ok) return { paths, generated: false };
  return withLock(paths.dir, async () => {
    // Another process (a parallel Playwright worker, a concurrent `npm run setup`)
    // may have regenerated while we waited; regenerating again would swap the CA
    // under a server that already loaded the previous one.
    const again = checkPki(paths.dir);
    if (!force && again.ok) return { paths, generated: false };
    await writePki(paths, new Date());
    return { paths, generated: true, reason: again.ok ? 'forced' : again.problem };
  });
}

/**
 * @internal Unconditionally generates a PKI as if the clock read `now`. Exists
 * so that tests and set-up demonstrations can produce a genuinely expired PKI
 * (e.g. `now` 400 days ago) instead of hand-editing DER.
 */
export async function generatePki(opts?: { dir?: string; now?: Date }): Promise<PkiPaths> {
  const paths = pkiPaths(opts?.dir);
  await withLock(paths.dir, () => writePki(paths, opts?.now ?? new Date()));
  return paths;
}

// ---------------------------------------------------------------------------
// Generation

function randomSerial(): string {
  const bytes = randomBytes(16);
  // Positive and without a leading zero byte, so the DER INTEGER is exactly 16 bytes (RFC 5280 §4.1.2.2).
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

async function newEcKeys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(EC_SIGN, true, ['sign', 'verify'])) as KeyPair;
}

function pkcs8Pem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

async function privateJwk(alg: 'PS256' | 'ES256' | 'EdDSA' | 'RSA-OAEP-256' | 'ECDH-ES', use: 'sig' | 'enc'): Promise<JWK> {
  const crv = alg === 'ECDH-ES' ? 'P-256' : alg === 'EdDSA' ? 'Ed25519' : undefined;
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(crv ? { crv } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, use, alg, ...jwk };
}

/** Passed explicitly rather than via x509.cryptoProvider.set(), which would be a global side effect of importing this module. */
const webcryptoProvider = webcrypto as unknown as NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type KeyPair = webcrypto.CryptoKeyPair;

interface Material {
  files: Record<string, { data: string; secret: boolean }>;
}

async function buildMaterial(now: Date): Promise<Material> {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const caNotAfter = new Date(now);
  caNotAfter.setUTCFullYear(caNotAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
  const leafNotAfter = new Date(now.getTime() + LEAF_VALIDITY_DAYS * DAY_MS);

  // Key generation dominates the run time; WebCrypto runs it on the libuv pool, so in parallel.
  const [caKeys, serverKeys, c1Keys, c2Keys, strangerKeys, c1Jwk, c2Jwk, asPs, asEs, asOaep, asEcdh, c1Ed] = await Promise.all([
    newEcKeys(),
    newEcKeys(),
    newEcKeys(),
    newEcKeys(),
    newEcKeys(),
    privateJwk('PS256', 'sig'),
    privateJwk('ES256', 'sig'),
    privateJwk('PS256', 'sig'),
    privateJwk('ES256', 'sig'),
    privateJwk('RSA-OAEP-256', 'enc'),
    privateJwk('ECDH-ES', 'enc'),
    privateJwk('EdDSA', 'sig'),
  ]);

  const caName: x509.JsonName = [{ O: [ORGANIZATION] }, { CN: [CA_COMMON_NAME] }];
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: caName,
      notBefore,
      notAfter: caNotAfter,
      signingAlgorithm: EC_SIGN,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, webcryptoProvider),
      ],
    },
    webcryptoProvider,
  );
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, webcryptoProvider);

  const leaf = async (
    keys: KeyPair,
    subject: x509.JsonName,
    san: x509.JsonGeneralNames,
    eku: x509.ExtendedKeyUsage,
  ): Promise<x509.X509Certificate> =>
    x509.X509CertificateGenerator.create(
      {
        serialNumber: randomSerial(),
        subject,
        issuer: ca.subjectName,
        notBefore,
        notAfter: leafNotAfter,
        signingAlgorithm: EC_SIGN,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([eku], false),
          new x509.SubjectAlternativeNameExtension(san, false),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcryptoProvider),
          authorityKeyId,
        ],
      },
      webcryptoProvider,
    );

  const server = await leaf(
    serverKeys,
    [{ CN: ['localhost'] }],
    [
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
    ],
    x509.ExtendedKeyUsage.serverAuth,
  );
  const clientKeys: Record<ClientName, KeyPair> = { client1: c1Keys, client2: c2Keys, stranger: strangerKeys };
  const clientCerts = {} as Record<ClientName, x509.X509Certificate>;
  for (const name of CLIENT_NAMES) {
    clientCerts[name] = await leaf(
      clientKeys[name],
      [{ O: [ORGANIZATION] }, { CN: [name] }],
      [{ type: 'dns', value: `${name}.fapi-harness.test` }],
      x509.ExtendedKeyUsage.clientAuth,
    );
  }

  const pem = (c: x509.X509Certificate) => `${c.toString('pem').trim()}\n`;
  const jwks = (...keys: JWK[]) => `${JSON.stringify({ keys }, null, 2)}\n`;
  const files: Material['files'] = {
    'ca.crt.pem': { data: pem(ca), secret: false },
    'ca.key.pem': { data: pkcs8Pem(caKeys.privateKey), secret: true },
    'server.crt.pem': { data: pem(server), secret: false },
    'server.key.pem': { data: pkcs8Pem(serverKeys.privateKey), secret: true },
    'client1.jwks.json': { data: jwks(c1Jwk, c1Ed), secret: true },
    'client2.jwks.json': { data: jwks(c2Jwk), secret: true },
    'reference-as.jwks.json': { data: jwks(asPs, asEs, asOaep, asEcdh), secret: true },
  };
  for (const name of CLIENT_NAMES) {
    files[`${name}.crt.pem`] = { data: pem(clientCerts[name]), secret: false };
    files[`${name}.key.pem`] = { data: pkcs8Pem(clientKeys[name].privateKey), secret: true };
  }
  return { files };
}

/**
 * Scratch space next to the target so that rename() stays on one file system.
 * Named `.tmp` because the repository's .gitignore already ignores that name at any depth.
 */
function scratchDir(dir: string): string {
  return path.join(path.dirname(dir), '.tmp');
}

/**
 * Builds the whole set in a staging directory and swaps it in with renames,
 * so that readers and interrupted runs see either the old complete PKI or the
 * new complete PKI (or, for an instant, none, which checkPki reports as
 * missing and the next run repairs), never a CA from one run with leaves from another.
 */
async function writePki(paths: PkiPaths, now: Date): Promise<void> {
  const material = await buildMaterial(now);
  const scratch = scratchDir(paths.dir);
  const base = path.basename(paths.dir);
  await mkdir(scratch, { recursive: true });
  // We hold the lock, so any staging/old directory left here belongs to a run that died.
  for (const entry of await readdir(scratch)) {
    if (entry.startsWith(`${base}.stage-`) || entry.startsWith(`${base}.old-`)) {
      await rm(path.join(scratch, entry), { recursive: true, force: true });
    }
  }
  const stage = await mkdtemp(path.join(scratch, `${base}.stage-`));
  try {
    for (const [name, { data, secret }] of Object.entries(material.files)) {
      await writeFile(path.join(stage, name), data, { mode: secret ? 0o600 : 0o644 });
    }
    // mkdtemp creates 0700; certificates and the directory itself are not secret.
    await chmod(stage, 0o755);
    const old = path.join(scratch, `${base}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(path.dirname(paths.dir), { recursive: true });
    try {
      await rename(paths.dir, old);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await rename(stage, paths.dir);
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Cross-process lock

const LOCK_WAIT_MS = 30_000;
/** A lock file without a live owner is left by a killed run; this bounds how long a half-written one is respected. */
const LOCK_UNREADABLE_STALE_MS = 5_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Serialises generation across processes. Without it, several Playwright
 * workers finding no PKI would each mint a different CA, and whichever
 * finished last would silently invalidate what the others had loaded.
 */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const scratch = scratchDir(dir);
  const lockFile = path.join(scratch, `${path.basename(dir)}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    await mkdir(scratch, { recursive: true });
    try {
      const handle = await open(lockFile, 'wx', 0o644);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // scratch dir removed by the previous holder between mkdir and open
      if (code !== 'EEXIST') throw e;
    }
    if (await lockIsStale(lockFile)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${LOCK_WAIT_MS / 1000} s waiting for ${lockFile}; delete it if no set-up is running`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
    await rmdir(scratch).catch(() => undefined); // only succeeds when empty; leaves no clutter in certs/
  }
}

async function lockIsStale(lockFile: string): Promise<boolean> {
  try {
    const pid = Number.parseInt(await readFile(lockFile, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0) return !processAlive(pid);
    return Date.now() - (await stat(lockFile)).mtimeMs > LOCK_UNREADABLE_STALE_MS;
  } catch {
    // Vanished between open() and here: the holder just finished; the caller retries.
    return false;
  }
}
