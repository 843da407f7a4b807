import type { KoaContextWithOIDC } from 'oidc-provider';

type InvalidRequestObject = new (description: string) => Error;

/**
 * oidc-provider's request object claim checks for FAPI clients (exp, aud and nbf present, exp at most 60 minutes
 * after nbf), plus the ones it leaves out:
 * - the redirect_uri must be in the request object. OpenID Connect lets a client with a single registered redirect URI
 *   omit it, and oidc-provider follows that even for FAPI 1.0 clients, but FAPI 1.0 (Part 1 5.2.2-9, which Advanced
 *   builds on) and FAPI 2.0 (5.3.2.2-6, for PAR) require it. The accept-request-object-without-redirect-uri fault is
 *   done by the request rewriter, which adds the parameter before this check runs.
 * - `more`: the checks that faults remove (the `requestObject` hooks: faults/request-object.ts), run for FAPI clients
 *   only.
 */
export function assertRequestObjectClaims(InvalidRequestObject: InvalidRequestObject, more: readonly ((ctx: KoaContextWithOIDC, claims: Record<string, unknown>) => void)[] = []) {
  return async (ctx: KoaContextWithOIDC & { oidc: { isFapi(...profiles: string[]): boolean } }, claims: Record<string, unknown>): Promise<void> => {
    if (!ctx.oidc.isFapi('1.0 Final', '2.0')) return;
    for (const claim of ['exp', 'aud', 'nbf', 'redirect_uri']) {
      if (claims[claim] === undefined) throw new InvalidRequestObject(`Request Object is missing the '${claim}' claim`);
    }
    const lifetime = Number(claims.exp) - Number(claims.nbf);
    if (!(lifetime > 0 && lifetime <= 3600)) throw new InvalidRequestObject("Request Object 'exp' claim too far from 'nbf' claim");
    for (const check of more) check(ctx, claims);
  };
}
