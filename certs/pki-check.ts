import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { JWK } from 'jose';
import { createHash, createPrivateKey, type JsonWebKey as NodeJsonWebKey, KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_SUBJECTS, LEAF_NAMES, type PkiPaths } from './pki-paths';

/* The checks of an existing test PKI (checkPki): every file present and parsable, certificates valid for a while yet,
 * issued by the CA and matching their keys, JWKS files with the keys the harness needs. */

const DAY_MS = 24 * 3_600_000;
/** Renew ahead of expiry so that a long test session started today cannot hit the deadline mid-run. */
const RENEW_BEFORE_MS = 7 * DAY_MS;

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

export class PkiProblem extends Error {}

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

export function checkPkiOrThrow(paths: PkiPaths, now: number): Date {
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
    const certName = path.basename(paths[leaf].cert);
    const keyName = path.basename(paths[leaf].key);
    const c = parseCert(paths[leaf].cert);
    const key = parseKey(paths[leaf].key);
    validity(certName, c);
    if (!c.node.checkPrivateKey(key)) throw new PkiProblem(`${certName} does not match ${keyName}`);
    if (!c.node.checkIssued(ca.node) || !c.node.verify(ca.node.publicKey)) {
      throw new PkiProblem(`${certName} was not issued by the CA in ca.crt.pem`);
    }
    if (leaf === 'serverRsa' && (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)) {
      throw new PkiProblem(`${keyName} is not an RSA key of at least 2048 bits`);
    }
    if (leaf === 'server' || leaf === 'serverRsa') {
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
