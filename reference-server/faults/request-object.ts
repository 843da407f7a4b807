/**
 * The request-object faults that act on the clients' registration or on the server's claim checks
 * (reference-server/request-objects.ts); the ones that rewrite request objects are in rewrite/request-object.ts.
 */
import type { Fault } from './hooks';

/**
 * How far ahead an iat may lie: oidc-provider's own clock tolerance for nbf and exp. FAPI 2.0 SP 5.3.2.1 asks to accept
 * up to 10 s and to refuse more than 60 s; anything between is the server's choice.
 */
const IAT_TOLERANCE_SECONDS = 15;

export const REQUEST_OBJECT_FAULTS = {
  'request-object-not-required': {
    relaxes: 'FAPI 1.0 and Message Signing clients may send plain parameters instead of a signed request object',
    clients: { requestObjectOptional: true },
  },
  'accept-request-object-future-iat': {
    relaxes: 'FAPI 2.0 request objects whose iat lies more than 15 s ahead are accepted',
    // Under FAPI 2.0, an iat more than 60 s ahead must be refused (SP 5.3.2.1, for every JWT the AS receives);
    // oidc-provider judges iat only when a JWT has no exp, and a FAPI request object always has one. FAPI 1.0 sets no
    // such rule and RFC 7519 none for iat, so FAPI 1.0 request objects are left alone.
    strict: {
      requestObject: (ctx, claims, server) => {
        const now = Math.floor(Date.now() / 1000);
        if (ctx.oidc.isFapi('2.0') && typeof claims.iat === 'number' && claims.iat > now + IAT_TOLERANCE_SECONDS) {
          throw new server.errors.InvalidRequestObject("Request Object 'iat' claim lies in the future");
        }
      },
    },
  },
} satisfies Record<string, Fault>;
