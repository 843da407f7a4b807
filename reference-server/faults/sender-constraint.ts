/**
 * The sender-constraint faults of the authorization server: tokens issued without the holder's key, a code's DPoP
 * binding not compared, a DPoP proof's iat not judged. The resource's own checks and their faults are in resource.ts.
 */
import { X509Certificate } from 'node:crypto';
// oidc-provider's per-provider internals (its nonce checker among them); the package exposes its lib/ files.
import internals from 'oidc-provider/lib/helpers/weak_cache.js';
import type { IncomingMessage } from 'node:http';
import { mtlsOf } from './client-auth';
import type { Fault } from './hooks';
import { codeForgets } from './store';

/** A DPoP key named at PAR (proof or dpop_jkt) does not bind the code: the stored code forgets it. */
const forgetCodeDpopKey = codeForgets(['dpopJkt']);

/**
 * FAPI 2.0 SP 5.3.2.1: every JWT the AS receives is refused when its iat lies more than 60 s ahead (this server allows
 * 15 s, its clock tolerance elsewhere). oidc-provider judges a DPoP proof's iat only when the proof carries no nonce
 * (RFC 9449 11.1 lets a nonce stand for freshness), and this server always demands a nonce. Returns why the proof is
 * refused, or undefined (no proof, a proof that is not a JWT, or one dated within the tolerance: oidc-provider judges
 * the rest).
 */
export function dpopProofDatedAhead(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  let iat: unknown;
  try {
    iat = (JSON.parse(Buffer.from(header.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown }).iat;
  } catch {
    return undefined;
  }
  return typeof iat === 'number' && iat > Math.floor(Date.now() / 1000) + 15 ? 'DPoP proof iat lies in the future' : undefined;
}

/** The DPoP header lines as they arrived (IncomingMessage.headers joins repeated lines of an unknown header with ", "). */
function dpopLines(req: IncomingMessage): string[] {
  return req.rawHeaders.flatMap((value, i) => (i % 2 === 1 && req.rawHeaders[i - 1]!.toLowerCase() === 'dpop' ? [value] : []));
}

export const SENDER_CONSTRAINT_FAULTS = {
  'holder-of-key-not-required': {
    relaxes:
      'a token request without the client certificate (mTLS-bound clients) or without a DPoP proof (DPoP clients) still gets tokens: bound to a stand-in certificate, or plain bearer tokens',
    clients: { dpopOptional: true },
    configuration: (config, server) => {
      // What a lax AS binds a token to when the client presents no certificate.
      const standIn = new X509Certificate(server.serverCert);
      const mtls = mtlsOf(config);
      const { getCertificate } = mtls;
      mtls.getCertificate = (ctx) => getCertificate(ctx) ?? (ctx.path === server.routes.token ? standIn : undefined);
    },
    store: forgetCodeDpopKey,
  },
  'dpop-header-first-proof-only': {
    relaxes: 'a DPoP header line at the token endpoint that carries more than one proof (comma-separated) is read as its first proof',
    guard: async (req, _res, url, server) => {
      // One line only: Node joins repeated lines the same way, and two lines are dpop-header-first-line-only's.
      if (url.pathname !== server.routes.token || dpopLines(req).length !== 1) return req;
      const value = req.headers.dpop;
      if (typeof value === 'string' && value.includes(',')) req.headers.dpop = value.split(',')[0]!.trim();
      return req;
    },
  },
  'dpop-header-first-line-only': {
    relaxes: 'a request to the token or PAR endpoint with several DPoP header lines is read as if it carried the first line alone (as a server does that asks its framework for one header value)',
    guard: async (req, _res, url, server) => {
      if (url.pathname !== server.routes.token && url.pathname !== server.routes.pushed_authorization_request) return req;
      const lines = dpopLines(req);
      if (lines.length > 1) req.headers.dpop = lines[0]!;
      return req;
    },
  },
  'dpop-nonce-not-checked': {
    relaxes: 'the server still hands out DPoP nonces and demands one in every proof, but accepts any nonce value',
    // oidc-provider keeps its nonce checker per provider; the fault makes this provider's accept every value.
    provider: (provider) => {
      const nonces = (internals(provider) as { DPoPNonces?: { checkChallenge(challenge: string): boolean } } | undefined)?.DPoPNonces;
      if (!nonces) throw new Error('dpop-nonce-not-checked: the server has no DPoP nonces to relax (features.dPoP.nonceSecret)');
      nonces.checkChallenge = () => true;
    },
  },
  'dpop-code-binding-not-checked': {
    relaxes: 'the DPoP key a code was bound to at PAR (proof or dpop_jkt) is not compared with the token request\'s proof',
    store: forgetCodeDpopKey,
  },
  'accept-dpop-proof-future-iat': {
    relaxes:
      'DPoP proofs at the token and PAR endpoints whose iat lies more than 15 s ahead are accepted once they carry the server\'s nonce (oidc-provider judges iat only in proofs without one)',
    strict: {
      guard: async (req, res, url, server) => {
        if (url.pathname !== server.routes.token && url.pathname !== server.routes.pushed_authorization_request) return req;
        const refusal = dpopProofDatedAhead(req.headers.dpop);
        if (!refusal) return req;
        res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ error: 'invalid_dpop_proof', error_description: refusal }));
        return undefined;
      },
    },
  },
} satisfies Record<string, Fault>;
