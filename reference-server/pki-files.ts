import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';

/** The same advice wherever the PKI is at fault, because the fix is always the same command. */
const FIX = 'run npm install (or npm run setup) to generate the test PKI';
const RENEW = 'run npm install (or npm run setup) to regenerate the test PKI';

export interface Jwks {
  keys: JWK[];
}

export interface ClientMaterial {
  certificatePath: string;
  keyPath: string;
  jwksPath: string;
  /** As Node prints it (encoding order, one RDN per line); see rfc4514FromNodeSubject. */
  nodeSubject: string;
  /** The JWKS file holds private keys; clients are registered with these public halves. */
  publicJwks: Jwks;
  alg: 'PS256' | 'ES256';
}

export interface PkiMaterial {
  dir: string;
  caPath: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  client1: ClientMaterial;
  client2: ClientMaterial;
  stranger: { certificatePath: string; keyPath: string };
  asJwks: Jwks;
}

const FILES = [
  'ca.crt.pem',
  'server.crt.pem',
  'server.key.pem',
  'client1.crt.pem',
  'client1.key.pem',
  'client1.jwks.json',
  'client2.crt.pem',
  'client2.key.pem',
  'client2.jwks.json',
  'stranger.crt.pem',
  'stranger.key.pem',
  'reference-as.jwks.json',
] as const;

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

export function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.has(k))) as JWK;
}

function readJwks(file: string): Jwks {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`Test PKI file ${file} is not valid JSON (${(e as Error).message}): ${FIX}.`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'object' && k !== null)) {
    throw new Error(`Test PKI file ${file} is not a JWKS with keys: ${FIX}.`);
  }
  return { keys: keys as JWK[] };
}

function checkCertificate(file: string, now: number): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(file));
  } catch (e) {
    throw new Error(`Test PKI certificate ${file} cannot be parsed (${(e as Error).message}): ${FIX}.`);
  }
  const notAfter = Date.parse(cert.validTo);
  const notBefore = Date.parse(cert.validFrom);
  if (Number.isFinite(notAfter) && notAfter <= now) {
    throw new Error(`Test PKI certificate ${file} expired on ${new Date(notAfter).toISOString()}: ${RENEW}.`);
  }
  if (Number.isFinite(notBefore) && notBefore > now) {
    throw new Error(`Test PKI certificate ${file} is not valid before ${new Date(notBefore).toISOString()} (clock skew?): ${RENEW}.`);
  }
  return cert;
}

function signingAlg(file: string, jwks: Jwks): 'PS256' | 'ES256' {
  const alg: string = jwks.keys[0]?.alg ?? (jwks.keys[0]?.kty === 'EC' ? 'ES256' : 'PS256');
  if (alg === 'PS256' || alg === 'ES256') return alg;
  throw new Error(`Test PKI file ${file} has a key with alg ${alg}; expected PS256 or ES256: ${FIX}.`);
}

/**
 * Reads and checks everything up front so that a broken PKI stops the server
 * at start with the name of the file, instead of surfacing later as an opaque
 * TLS handshake failure or an invalid_client in the middle of a test.
 */
export function loadPki(dir: string, now: number = Date.now()): PkiMaterial {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new Error(`Test PKI directory ${abs} does not exist: ${FIX}.`);
  }
  const file = (name: (typeof FILES)[number]) => path.join(abs, name);
  for (const name of FILES) {
    if (!existsSync(file(name))) throw new Error(`Test PKI file ${file(name)} is missing: ${FIX}.`);
  }
  const read = (name: (typeof FILES)[number]) => readFileSync(file(name), 'utf8');

  checkCertificate(file('ca.crt.pem'), now);
  checkCertificate(file('server.crt.pem'), now);
  checkCertificate(file('stranger.crt.pem'), now);

  const client = (n: 'client1' | 'client2'): ClientMaterial => {
    const cert = checkCertificate(file(`${n}.crt.pem`), now);
    const jwks = readJwks(file(`${n}.jwks.json`));
    return {
      certificatePath: file(`${n}.crt.pem`),
      keyPath: file(`${n}.key.pem`),
      jwksPath: file(`${n}.jwks.json`),
      nodeSubject: cert.subject,
      publicJwks: { keys: jwks.keys.map(publicJwk) },
      alg: signingAlg(file(`${n}.jwks.json`), jwks),
    };
  };

  return {
    dir: abs,
    caPath: file('ca.crt.pem'),
    ca: read('ca.crt.pem'),
    serverCert: read('server.crt.pem'),
    serverKey: read('server.key.pem'),
    client1: client('client1'),
    client2: client('client2'),
    stranger: { certificatePath: file('stranger.crt.pem'), keyPath: file('stranger.key.pem') },
    asJwks: readJwks(file('reference-as.jwks.json')),
  };
}
