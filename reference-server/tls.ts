/**
 * The server's TLS policy, and the HTTPS listener. FAPI 1.0 Advanced 8.5 / FAPI 2.0 SP 5.2.1: TLS 1.2 or later, and on
 * TLS 1.2 only the four FAPI 1.0 suites (ECDHE or DHE with RSA and AES-GCM). The listener holds an EC and an RSA
 * certificate: TLS 1.3 clients get the EC one, TLS 1.2 the RSA one these suites need. DHE uses a group of at least
 * 2048 bits (FAPI 1.0 Advanced 8.5; RFC 9325 4.5): without `dhparam` Node offers no DHE at all.
 *
 * One listener serves FAPI 1.0 and FAPI 2.0 clients alike. RFC 9325 (BCP 195) no longer recommends the two DHE suites
 * (4.1: TLS 1.2 should not negotiate DHE), and FAPI 2.0 SP 5.2.2 permits only the recommended suites on server-to-server
 * endpoints; FAPI 1.0 lists them. The server keeps them so that FAPI 1.0's DHE rule can be seen being met.
 * The TLS faults (faults/tls.ts) relax this.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TlsPolicy } from './faults/hooks';

export const FAPI_TLS12_CIPHERS = 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384';
/** What FAPI allows; the TLS faults relax it. */
export const TLS_POLICY: TlsPolicy = { minVersion: 'TLSv1.2', ciphers: FAPI_TLS12_CIPHERS, dhparam: 'auto' };

export interface TlsMaterial {
  /** One key and certificate, or several of different key types (OpenSSL picks per handshake). */
  key: string | string[];
  cert: string | string[];
  ca: string;
}

/** An HTTPS server that asks every client for a certificate and lets oidc-provider decide per endpoint whether one is needed. */
export function createTlsServer(material: TlsMaterial, policy: TlsPolicy, handle: (req: IncomingMessage, res: ServerResponse) => void): Server {
  return createServer(
    {
      ...material,
      // Asked for on every connection but optional: the browser has none, and oidc-provider decides per endpoint whether one is needed.
      requestCert: true,
      rejectUnauthorized: false,
      ...policy,
    },
    handle,
  );
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} on ${host} is already in use: stop the process holding it or choose another port (--port 0 picks a free one)`));
      } else if (e.code === 'EACCES') {
        reject(new Error(`Not allowed to listen on port ${port} on ${host}: choose a port above 1023 (--port 0 picks a free one)`));
      } else if (e.code === 'EADDRNOTAVAIL') {
        reject(new Error(`Cannot listen on ${host}: no such local address`));
      } else {
        reject(new Error(`Cannot listen on ${host}:${port}: ${e.message}`));
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections from undici agents or a browser would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
