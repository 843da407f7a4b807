import { connect } from 'node:tls';
import type { TlsIdentity } from './http';

/** The server's ephemeral key of the handshake (Node's getEphemeralKeyInfo): `DH` for DHE, `ECDH` (with a curve) for ECDHE. */
export interface EphemeralKey {
  type: string;
  name?: string;
  size: number;
}

export type TlsProbeResult =
  | { kind: 'connected'; protocol: string; cipher: string; ephemeralKey?: EphemeralKey }
  | { kind: 'refused'; error: string }
  /** This side ended the handshake because the server's Diffie-Hellman group is too small for OpenSSL to use at all. */
  | { kind: 'dh-too-small'; error: string }
  | { kind: 'unreachable'; error: string };

/** OpenSSL errors that mean this side could not even offer what was asked: the probe says nothing about the server. */
const LOCAL_LIMITS = ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHER_MATCH', 'ERR_SSL_NO_CIPHERS_AVAILABLE'];
const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT'];

/**
 * One TLS handshake with the server at `origin`, offering only the versions and TLS 1.2 cipher suites given (and the
 * client's certificate, so that a server that insists on one judges the offer, not its absence). The certificate of
 * the server is not verified: only what it agrees to speak is in question. Bounded by `timeoutMs`.
 */
export function probeTls(
  origin: string,
  offer: { minVersion: 'TLSv1' | 'TLSv1.2'; maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; ciphers?: string },
  identity: TlsIdentity,
  timeoutMs = 5_000,
): Promise<TlsProbeResult> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: url.hostname === 'localhost' || /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
      minVersion: offer.minVersion,
      maxVersion: offer.maxVersion,
      // SECLEVEL=0 lets this side offer what a modern OpenSSL would refuse to (the point of the probe).
      ...(offer.ciphers ? { ciphers: `${offer.ciphers}@SECLEVEL=0` } : {}),
      ...(identity.cert && identity.key ? { cert: identity.cert, key: identity.key } : {}),
    });
    const done = (r: TlsProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ kind: 'unreachable', error: `no handshake within ${timeoutMs} ms` }), timeoutMs);
    socket.once('secureConnect', () => {
      const info = socket.getEphemeralKeyInfo();
      const ephemeralKey = info && typeof info === 'object' && 'type' in info && typeof info.size === 'number' ? { type: String(info.type), size: info.size, ...('name' in info && info.name ? { name: String(info.name) } : {}) } : undefined;
      done({ kind: 'connected', protocol: socket.getProtocol() ?? '?', cipher: socket.getCipher()?.name ?? '?', ...(ephemeralKey ? { ephemeralKey } : {}) });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? e.message;
      // The server picked a DHE suite with a group below this side's floor. At SECLEVEL=0 (above) there should be none,
      // but a TLS library built with a fixed floor may still end the handshake here, which says the group is small.
      if (code === 'ERR_SSL_DH_KEY_TOO_SMALL' || /dh key too small/i.test(e.message)) done({ kind: 'dh-too-small', error: `${code}: the server's Diffie-Hellman group is too small for this machine's TLS library to accept` });
      else if (LOCAL_LIMITS.includes(code)) done({ kind: 'unreachable', error: `this machine's TLS library cannot offer it (${code})` });
      else if (UNREACHABLE.includes(code)) done({ kind: 'unreachable', error: code });
      else done({ kind: 'refused', error: code });
    });
  });
}
