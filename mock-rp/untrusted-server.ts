/**
 * An HTTPS server no authorization server may trust: its certificate is self-signed, made at run time, issued by no
 * CA any trust store holds (its names, localhost and 127.0.0.1, are right, so the issuer is the only fault). It serves
 * a client's public JWK set at an unguessable path, and records what reached it: TCP connections, completed TLS
 * handshakes, HTTP requests. A client that checks the server certificate (FAPI 2.0 SP 5.2.1, FAPI 1.0 Part 1 7.1;
 * RFC 9525 / RFC 6125) aborts the handshake, so an HTTP request arriving here proves the check was not made.
 */
import 'reflect-metadata';
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import type { JWK } from 'jose';
import { ConformanceFailure, HarnessError } from './errors';

const provider = webcrypto as unknown as NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A self-signed server certificate (P-256) for localhost, 127.0.0.1 and ::1, valid from an hour ago for a day. */
export async function selfSignedServerCertificate(now = new Date()): Promise<{ cert: string; key: string }> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
      name: [{ CN: ['localhost'] }, { O: ['FAPI harness, untrusted server'] }],
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date(now.getTime() + 86400_000),
      signingAlgorithm: EC,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          [
            { type: 'dns', value: 'localhost' },
            { type: 'ip', value: '127.0.0.1' },
            { type: 'ip', value: '::1' },
          ],
          false,
        ),
      ],
    },
    provider,
  );
  // Exported by Node rather than framed here: a failing test's report shows the source around the failure, and the
  // secret scan rightly refuses anything that reads like a PEM private key.
  return { cert: cert.toString('pem'), key: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** What reached the untrusted server. */
export interface UntrustedServerTraffic {
  /** TCP connections accepted. */
  connections: number;
  /** TLS handshakes the peer completed (it accepted the certificate, or did not look). */
  handshakes: number;
  /** HTTP requests, any path. */
  requests: number;
}

export interface UntrustedJwksServer {
  /** https://127.0.0.1:<port>/<random>/jwks.json */
  url: string;
  traffic(): UntrustedServerTraffic;
  close(): Promise<void>;
}

/** Starts the untrusted server on loopback (a free port), serving `jwks` at `url`. */
export async function startUntrustedJwksServer(jwks: { keys: JWK[] }): Promise<UntrustedJwksServer> {
  const tls = await selfSignedServerCertificate();
  const path = `/${randomBytes(12).toString('hex')}/jwks.json`;
  const traffic: UntrustedServerTraffic = { connections: 0, handshakes: 0, requests: 0 };
  const server = createServer({ ...tls, minVersion: 'TLSv1.2' }, (req, res) => {
    traffic.requests += 1;
    if (req.method === 'GET' && req.url === path) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(jwks));
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('connection', () => void (traffic.connections += 1));
  server.on('secureConnection', () => void (traffic.handshakes += 1));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new HarnessError(`cannot start the untrusted HTTPS server on 127.0.0.1: ${e.message}`, { cause: e })));
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}${path}`,
    traffic: () => ({ ...traffic }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How the AS answered for a client whose jwks_uri is on the untrusted server. */
export type UntrustedKeysAnswer =
  | { kind: 'registration-refused'; status: number; error: string }
  | { kind: 'refused'; status: number; error: string }
  | { kind: 'accepted'; status: number };

/**
 * The verdict on the certificate check: a failure when the AS sent an HTTP request to the untrusted server (it
 * completed the handshake without checking the certificate) or accepted the client's signature (it can only have
 * verified it with keys from there). 'not-judged' when it refused without ever connecting: it never tried the
 * server (unreachable from it, keys fetched at another moment), so its refusal says nothing about the certificate.
 */
export function checkUntrustedKeysRefused(requirement: string, answer: UntrustedKeysAnswer, traffic: UntrustedServerTraffic, url: string): 'refused' | 'not-judged' {
  const seen = `${traffic.connections} TCP connection(s), ${traffic.handshakes} completed TLS handshake(s), ${traffic.requests} HTTP request(s) at the untrusted server`;
  const expected = `the AS to abort the TLS handshake with the jwks_uri ${url}, whose certificate is self-signed and from no CA it can trust, and to refuse the client's signature`;
  if (traffic.requests > 0) {
    throw new ConformanceFailure(requirement, expected, `the AS sent an HTTP request over the unchecked connection (${seen}); then ${describe(answer)}`);
  }
  if (answer.kind === 'accepted') throw new ConformanceFailure(requirement, expected, `${describe(answer)} (${seen})`);
  return traffic.connections > 0 ? 'refused' : 'not-judged';
}

function describe(answer: UntrustedKeysAnswer): string {
  if (answer.kind === 'accepted') return `the AS accepted the pushed request (HTTP ${answer.status}) whose client's keys are registered only at that jwks_uri`;
  if (answer.kind === 'registration-refused') return `the AS refused the registration (HTTP ${answer.status} ${answer.error})`;
  return `the AS refused the pushed request (HTTP ${answer.status} ${answer.error})`;
}
