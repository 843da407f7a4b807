/**
 * What the reference server does to stored artefacts: the short request_uri lifetime it advertises, and the faults
 * that act on storage rather than on requests. oidc-provider decides a request_uri's validity and a code's PKCE binding
 * from what its adapter returns, so these faults change what the adapter keeps or returns, and nothing else.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

export const STORE_FAULTS = {
  'request-uri-reusable': 'a request_uri stays usable after the authorization it carried has completed',
  'request-uri-outlives-expires-in': 'a request_uri stays usable for oidc-provider\'s 60 s although the PAR response advertises a shorter expires_in',
  'pkce-verifier-not-checked': 'the token endpoint issues tokens for a code whatever code_verifier comes with it, or none',
} as const;
export type StoreFault = keyof typeof STORE_FAULTS;

export interface StoreRules {
  relaxed: ReadonlySet<string>;
  /** The request_uri lifetime the server advertises and enforces (oidc-provider alone always uses up to 60 s). */
  requestUriLifetimeSeconds: number;
}

/** Wraps one model's adapter with the server's storage rules and faults. */
export function withStoreRules(model: string, adapter: Adapter, rules: StoreRules): Adapter {
  const relaxed = (f: StoreFault) => rules.relaxed.has(f);
  if (model === 'PushedAuthorizationRequest') {
    return {
      ...adapter,
      upsert: async (id, payload, expiresIn) => {
        // Enforced through `exp`, which oidc-provider checks itself; the fault keeps the library's own lifetime.
        if (!relaxed('request-uri-outlives-expires-in') && typeof payload.iat === 'number' && typeof payload.exp === 'number') {
          payload = { ...payload, exp: Math.min(payload.exp, payload.iat + rules.requestUriLifetimeSeconds) };
        }
        return adapter.upsert(id, payload, expiresIn);
      },
      ...(relaxed('request-uri-reusable') ? { consume: async () => undefined } : {}),
    };
  }
  if (model === 'AuthorizationCode' && relaxed('pkce-verifier-not-checked')) {
    // With no challenge on the code (and the request's code_verifier dropped by the rewriter), oidc-provider's PKCE
    // check has nothing to compare.
    return {
      ...adapter,
      find: async (id) => {
        const found = await adapter.find(id);
        if (!found) return found;
        const { codeChallenge: _c, codeChallengeMethod: _m, ...rest } = found as AdapterPayload & { codeChallenge?: unknown; codeChallengeMethod?: unknown };
        return rest as AdapterPayload;
      },
    };
  }
  return adapter;
}
