import path from 'node:path';
import { fileURLToPath } from 'node:url';

/* Where the test PKI lives and what it holds: file paths, the client subjects, the names of the leaves. */

/** Absolute so that callers with any working directory (Playwright workers, the reference server, npm hooks) agree. */
export const DEFAULT_PKI_DIR: string = fileURLToPath(new URL('./generated', import.meta.url));

export interface PkiPaths {
  dir: string;
  ca: { cert: string; key: string };
  server: { cert: string; key: string };
  /** The same names with an RSA key: TLS 1.2's DHE_RSA and ECDHE_RSA suites need one (the server offers both certificates). */
  serverRsa: { cert: string; key: string };
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

export type LeafName = 'server' | 'serverRsa' | 'client1' | 'client2' | 'stranger';
export type ClientName = keyof typeof CLIENT_SUBJECTS;
export const CLIENT_NAMES: readonly ClientName[] = ['client1', 'client2', 'stranger'];
export const LEAF_NAMES: readonly LeafName[] = ['server', 'serverRsa', ...CLIENT_NAMES];

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
    serverRsa: pair('server-rsa'),
    client1: { ...pair('client1'), jwks: path.join(d, 'client1.jwks.json') },
    client2: { ...pair('client2'), jwks: path.join(d, 'client2.jwks.json') },
    stranger: pair('stranger'),
    asJwks: path.join(d, 'reference-as.jwks.json'),
  };
}
