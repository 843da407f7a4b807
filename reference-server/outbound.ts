/**
 * How the reference server reaches other servers (today: a dynamically registered client's jwks_uri). oidc-provider
 * calls its `fetch` configuration for these; its default goes through a dispatcher that refuses loopback and private
 * addresses (SSRF protection) and trusts the process's CA bundle. The harness serves client key sets on loopback with
 * a certificate of the test PKI, so the server uses its own dispatcher: every address allowed, only the test CA
 * trusted, and the certificate of the other server checked (FAPI 2.0 SP 5.2.1, FAPI 1.0 Part 1 7.1). The fault
 * outbound-tls-unverified (faults/outbound-tls.ts) swaps in one that checks nothing.
 */
import { Agent, fetch as undiciFetch } from 'undici';

/** The shape of oidc-provider's `fetch` option: it passes a WHATWG RequestInit (with a timeout signal and its own dispatcher). */
export type OutboundFetch = (url: string | URL, options: Record<string, unknown>) => Promise<unknown>;

/**
 * A fetch for oidc-provider that connects with the given TLS settings: `{ ca }` trusts that CA alone and checks the
 * peer's certificate and name; `{ rejectUnauthorized: false }` accepts any certificate.
 */
export function outboundFetch(connect: { ca: string } | { rejectUnauthorized: false }): OutboundFetch {
  const dispatcher = new Agent({ connect });
  return (url, options) => undiciFetch(url, { ...(options as Parameters<typeof undiciFetch>[1]), dispatcher });
}
