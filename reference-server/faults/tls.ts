/** The TLS faults: the listener speaks more than FAPI allows (reference-server/tls.ts holds the FAPI policy). */
import { getDiffieHellman } from 'node:crypto';
import { FAPI_TLS12_CIPHERS } from '../tls';
import type { Fault, TlsPolicy } from './hooks';

/** DER length octets. */
function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
}

function derInteger(bytes: Buffer): Buffer {
  const body = bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

/**
 * PKCS #3 DH parameters (PEM) of one of Node's named MODP groups: a fixed, well-known group, so that no parameters are
 * generated at start-up. The groups' generator is 2.
 */
export function namedDhParams(group: 'modp2'): string {
  const body = Buffer.concat([derInteger(getDiffieHellman(group).getPrime()), derInteger(Buffer.from([2]))]);
  const der = Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  return `-----BEGIN DH PARAMETERS-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END DH PARAMETERS-----\n`;
}

export const TLS_FAULTS = {
  // Before tls-legacy-versions-allowed: with both on, the legacy policy (which includes the weak suites) wins.
  'tls-weak-ciphers-allowed': {
    relaxes: 'on TLS 1.2 the server also permits CBC, static-RSA and other suites outside the FAPI list',
    tls: (policy: TlsPolicy) => ({ ...policy, minVersion: 'TLSv1.2', ciphers: `${FAPI_TLS12_CIPHERS}:HIGH:!aNULL@SECLEVEL=0` }),
  },
  'tls-legacy-versions-allowed': {
    relaxes: 'the server also speaks TLS 1.0 and 1.1 (with the legacy cipher suites those versions need)',
    tls: (policy: TlsPolicy) => ({ ...policy, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }),
  },
  'tls-short-dh-group': {
    relaxes: 'the DHE suites use a 1024-bit Diffie-Hellman group (RFC 2409\'s second Oakley group) instead of one of 2048 bits or more',
    tls: (policy: TlsPolicy) => ({ ...policy, dhparam: namedDhParams('modp2') }),
  },
} satisfies Record<string, Fault>;
