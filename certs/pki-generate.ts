import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scratchDir } from './pki-lock';
import { CLIENT_NAMES, type ClientName, type PkiPaths } from './pki-paths';

/* Generation of the test PKI: the CA, the server and client certificates (P-256, and a second server certificate with
 * an RSA key), and the JWKS files, written as one set. */

const ORGANIZATION = 'FAPI Harness Test';
const CA_COMMON_NAME = 'FAPI Harness Test CA';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The CA/Browser Forum maximum; keeps the server certificate acceptable to Chromium even when it is not pinned via --ignore-certificate-errors. */
const LEAF_VALIDITY_DAYS = 397;
const CA_VALIDITY_YEARS = 10;
/** Backdated to tolerate small clock differences between the generating machine and containers that use the files. */
const BACKDATE_MS = HOUR_MS;

const EC_SIGN: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

function randomSerial(): string {
  const bytes = randomBytes(16);
  // Positive and without a leading zero byte, so the DER INTEGER is exactly 16 bytes (RFC 5280 §4.1.2.2).
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** TLS 1.2's *_RSA cipher suites (FAPI 1.0 Advanced lists only those) need a server key of this kind. */
const RSA_TLS: webcrypto.RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

async function newRsaKeys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(RSA_TLS, true, ['sign', 'verify'])) as KeyPair;
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
  const [caKeys, serverKeys, serverRsaKeys, c1Keys, c2Keys, strangerKeys, c1Jwk, c2Jwk, asPs, asEs, asOaep, asEcdh, c1Ed] = await Promise.all([
    newEcKeys(),
    newEcKeys(),
    newRsaKeys(),
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

  const serverNames: x509.JsonGeneralNames = [
    { type: 'dns', value: 'localhost' },
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: '::1' },
  ];
  const server = await leaf(serverKeys, [{ CN: ['localhost'] }], serverNames, x509.ExtendedKeyUsage.serverAuth);
  const serverRsa = await leaf(serverRsaKeys, [{ CN: ['localhost'] }], serverNames, x509.ExtendedKeyUsage.serverAuth);
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
    'server-rsa.crt.pem': { data: pem(serverRsa), secret: false },
    'server-rsa.key.pem': { data: pkcs8Pem(serverRsaKeys.privateKey), secret: true },
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
 * Builds the whole set in a staging directory and swaps it in with renames,
 * so that readers and interrupted runs see either the old complete PKI or the
 * new complete PKI (or, for an instant, none, which checkPki reports as
 * missing and the next run repairs), never a CA from one run with leaves from another.
 */
export async function writePki(paths: PkiPaths, now: Date): Promise<void> {
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
