/** Checks on what a TLS handshake with the AS negotiated (mock-rp/tls-probe.ts). Pure: no I/O. */
import type { TlsProbeResult } from '../tls-probe';

/** The two DHE suites FAPI 1.0 Advanced 8.5 lists, in OpenSSL's names. */
export const FAPI_DHE_SUITES = ['DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384'] as const;

export type DheKeyVerdict =
  /** A DHE suite was negotiated with a group of `bits` bits, at least the minimum. */
  | { kind: 'long-enough'; bits: number; detail: string }
  /** A DHE suite was negotiated with a smaller group (or one too small for the TLS library to accept at all). */
  | { kind: 'short'; detail: string }
  /** The server accepted no DHE suite, or answered with something else: nothing to judge. */
  | { kind: 'no-dhe'; detail: string }
  /** The handshake could not be made from here. */
  | { kind: 'unprobed'; detail: string };

/**
 * The size of the server's Diffie-Hellman key in a handshake that offered only DHE suites, against `minBits` (FAPI 1.0
 * Advanced 8.5 and RFC 9325 4.5: 2048). A refusal is no verdict: a server may decline DHE (ECDHE alone is allowed).
 */
export function judgeDheKey(r: TlsProbeResult, minBits = 2048): DheKeyVerdict {
  switch (r.kind) {
    case 'unreachable':
      return { kind: 'unprobed', detail: r.error };
    case 'refused':
      return { kind: 'no-dhe', detail: `handshake offering only DHE refused (${r.error})` };
    case 'dh-too-small':
      return { kind: 'short', detail: r.error };
    case 'connected': {
      const key = r.ephemeralKey;
      if (!key || key.type !== 'DH') return { kind: 'no-dhe', detail: `${r.protocol} ${r.cipher} negotiated without a Diffie-Hellman key (${key ? key.type : 'no ephemeral key reported'})` };
      const detail = `${r.protocol} ${r.cipher} with a ${key.size}-bit Diffie-Hellman group`;
      return key.size >= minBits ? { kind: 'long-enough', bits: key.size, detail } : { kind: 'short', detail };
    }
  }
}
