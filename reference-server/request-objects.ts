import type { KoaContextWithOIDC } from 'oidc-provider';

type InvalidRequestObject = new (description: string) => Error;

/** The faults that relax a check made here rather than by oidc-provider. */
export const REQUEST_OBJECT_FAULTS = {
  'accept-request-object-future-iat': 'FAPI 2.0 request objects whose iat lies more than 15 s ahead are accepted',
} as const;
export type RequestObjectFault = keyof typeof REQUEST_OBJECT_FAULTS;

/**
 * How far ahead an iat may lie: oidc-provider's own clock tolerance for nbf and exp. FAPI 2.0 SP 5.3.2.1 asks to accept
 * up to 10 s and to refuse more than 60 s; anything between is the server's choice.
 */
const IAT_TOLERANCE_SECONDS = 15;

/**
 * oidc-provider's request object claim checks for FAPI clients (exp, aud and nbf present, exp at most 60 minutes
 * after nbf), plus two it leaves out:
 * - the redirect_uri must be in the request object. OpenID Connect lets a client with a single registered redirect URI
 *   omit it, and oidc-provider follows that even for FAPI 1.0 clients, but FAPI 1.0 (Part 1 5.2.2-9, which Advanced
 *   builds on) and FAPI 2.0 (5.3.2.2-6, for PAR) require it. The accept-request-object-without-redirect-uri fault is
 *   done by the request rewriter, which adds the parameter before this check runs.
 * - under FAPI 2.0, an iat more than 60 s ahead must be refused (SP 5.3.2.1, for every JWT the AS receives);
 *   oidc-provider judges iat only when a JWT has no exp, and a FAPI request object always has one. FAPI 1.0 sets no
 *   such rule and RFC 7519 none for iat, so FAPI 1.0 request objects are left alone.
 */
export function assertRequestObjectClaims(InvalidRequestObject: InvalidRequestObject, relaxed: ReadonlySet<string> = new Set()) {
  return async (ctx: KoaContextWithOIDC & { oidc: { isFapi(...profiles: string[]): boolean } }, claims: Record<string, unknown>): Promise<void> => {
    if (!ctx.oidc.isFapi('1.0 Final', '2.0')) return;
    for (const claim of ['exp', 'aud', 'nbf', 'redirect_uri']) {
      if (claims[claim] === undefined) throw new InvalidRequestObject(`Request Object is missing the '${claim}' claim`);
    }
    const lifetime = Number(claims.exp) - Number(claims.nbf);
    if (!(lifetime > 0 && lifetime <= 3600)) throw new InvalidRequestObject("Request Object 'exp' claim too far from 'nbf' claim");
    const now = Math.floor(Date.now() / 1000);
    if (ctx.oidc.isFapi('2.0') && typeof claims.iat === 'number' && claims.iat > now + IAT_TOLERANCE_SECONDS && !relaxed.has('accept-request-object-future-iat')) {
      throw new InvalidRequestObject("Request Object 'iat' claim lies in the future");
    }
  };
}
