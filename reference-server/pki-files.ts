import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
import { checkPki, pkiPaths } from '../certs/pki';

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
  /** The same names with an RSA key, for TLS 1.2's *_RSA cipher suites. */
  serverRsa: { cert: string; key: string };
  client1: ClientMaterial;
  client2: ClientMaterial;
  stranger: { certificatePath: string; keyPath: string };
  asJwks: Jwks;
}

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

export function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.has(k))) as JWK;
}

function readJwks(file: string): Jwks {
  return JSON.parse(readFileSync(file, 'utf8')) as Jwks;
}

function signingAlg(file: string, jwks: Jwks): 'PS256' | 'ES256' {
  const alg: string = jwks.keys[0]?.alg ?? (jwks.keys[0]?.kty === 'EC' ? 'ES256' : 'PS256');
  if (alg === 'PS256' || alg === 'ES256') return alg;
  throw new Error(`Test PKI file ${file} has a key with alg ${alg}; expected PS256 or ES256: ${FIX}.`);
}

/**
 * Reads the test PKI after certs/pki.ts has checked it (files present, certificates valid and issued by the CA,
 * keys matching, JWKS well-formed): a broken PKI stops the server at start with the name of the file, instead of
 * surfacing later as an opaque TLS handshake failure or an invalid_client in the middle of a test. What counts as a
 * valid PKI is defined once, there.
 */
export function loadPki(dir: string): PkiMaterial {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new Error(`Test PKI directory ${abs} does not exist: ${FIX}.`);
  }
  const p = pkiPaths(abs);
  const files = [p.ca, p.server, p.serverRsa, p.client1, p.client2, p.stranger].flatMap((f) => Object.values(f) as string[]).concat(p.asJwks);
  for (const f of files) if (!existsSync(f)) throw new Error(`Test PKI file ${f} is missing: ${FIX}.`);
  const check = checkPki(abs);
  if (!check.ok) {
    const fix = /expire|not valid before/.test(check.problem) ? RENEW : FIX;
    throw new Error(`Test PKI in ${abs}: ${check.problem}: ${fix}.`);
  }
  const client = (n: 'client1' | 'client2'): ClientMaterial => {
    const jwks = readJwks(p[n].jwks);
    return {
      certificatePath: p[n].cert,
      keyPath: p[n].key,
      jwksPath: p[n].jwks,
      nodeSubject: new X509Certificate(readFileSync(p[n].cert)).subject,
      publicJwks: { keys: jwks.keys.map(publicJwk) },
      alg: signingAlg(p[n].jwks, jwks),
    };
  };
  return {
    dir: abs,
    caPath: p.ca.cert,
    ca: readFileSync(p.ca.cert, 'utf8'),
    serverCert: readFileSync(p.server.cert, 'utf8'),
    serverKey: readFileSync(p.server.key, 'utf8'),
    serverRsa: { cert: readFileSync(p.serverRsa.cert, 'utf8'), key: readFileSync(p.serverRsa.key, 'utf8') },
    client1: client('client1'),
    client2: client('client2'),
    stranger: { certificatePath: p.stranger.cert, keyPath: p.stranger.key },
    asJwks: readJwks(p.asJwks),
  };
}
