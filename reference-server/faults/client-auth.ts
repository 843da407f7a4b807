/**
 * The client-authentication faults that act on oidc-provider's own configuration (the ones that rewrite client
 * assertions are in rewrite/client-assertion.ts), and two checks of the server's own that oidc-provider lacks.
 */
import { X509Certificate } from 'node:crypto';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Fault } from './hooks';

type MtlsHooks = {
  getCertificate(ctx: KoaContextWithOIDC): X509Certificate | undefined;
  certificateAuthorized(ctx: KoaContextWithOIDC): boolean;
  certificateSubjectMatches(ctx: KoaContextWithOIDC, property: string, expected: string): boolean;
};
/** oidc-provider's mTLS callbacks in the configuration, for the faults that wrap them. */
export function mtlsOf(config: Configuration): MtlsHooks {
  return (config as { features: { mTLS: MtlsHooks } }).features.mTLS;
}

export const CLIENT_AUTH_FAULTS = {
  'accept-client-secret': {
    relaxes: 'the <variant>-secret clients authenticate with their client_secret (Basic header or form)',
    clients: { acceptClientSecret: true },
    configuration: (config) => {
      config.clientAuthMethods = [...new Set([...(config.clientAuthMethods as string[]), 'client_secret_basic', 'client_secret_post'])];
    },
  },
  'ignore-client-certificate': {
    relaxes: 'tls_client_auth accepts any certificate issued by the test CA, whatever its subject',
    configuration: (config) => {
      mtlsOf(config).certificateSubjectMatches = () => true;
    },
  },
  'tls-client-auth-without-certificate': {
    relaxes: 'a tls_client_auth client that presents no certificate at all is authenticated by its client_id',
    configuration: (config, server) => {
      const mtls = mtlsOf(config);
      const { getCertificate, certificateAuthorized, certificateSubjectMatches } = mtls;
      // The server's own certificate stands in for the missing one.
      const standIn = new X509Certificate(server.serverCert);
      const none = (ctx: KoaContextWithOIDC) => !ctx.socket.getPeerX509Certificate();
      mtls.getCertificate = (ctx) => getCertificate(ctx) ?? standIn;
      mtls.certificateAuthorized = (ctx) => certificateAuthorized(ctx) || none(ctx);
      mtls.certificateSubjectMatches = (ctx, property, expected) => none(ctx) || certificateSubjectMatches(ctx, property, expected);
    },
  },
  'fapi2-client-assertion-audience-relaxed': {
    relaxes:
      'FAPI 2.0 clients\' assertions may name the token or PAR endpoint as aud, or carry aud as an array (the FAPI 1.0 / RFC 9126 rules) instead of exactly the issuer',
    // oidc-provider's own rule, restated here so that the fault can lift it: under FAPI 2.0 the audience is the issuer,
    // as a single string.
    strict: {
      clientAssertion: (ctx, claims, server) => {
        if (ctx.oidc.isFapi('2.0') && claims.aud !== ctx.oidc.issuer) throw new server.errors.InvalidClientAuth('audience (aud) must equal the issuer identifier url');
      },
    },
  },
  'accept-client-assertion-future-iat': {
    relaxes: 'FAPI 2.0 clients\' assertions whose iat lies more than 15 s ahead are accepted (oidc-provider judges iat only in JWTs without exp)',
    // FAPI 2.0 SP 5.3.2.1 refuses an iat more than 60 s ahead (15 s here, the clock tolerance), which oidc-provider
    // judges only in JWTs without exp, and an assertion always has one.
    strict: {
      clientAssertion: (ctx, claims, server) => {
        const now = Math.floor(Date.now() / 1000);
        if (ctx.oidc.isFapi('2.0') && typeof claims.iat === 'number' && claims.iat > now + 15) throw new server.errors.InvalidClientAuth('iat (issued at) lies in the future');
      },
    },
  },
} satisfies Record<string, Fault>;
