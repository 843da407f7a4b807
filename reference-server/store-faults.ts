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
  'code-reusable': 'an authorization code can be redeemed again after its first use (and the first tokens stay valid)',
  'code-not-bound-to-client': 'any client can redeem an authorization code issued to another client',
  'refresh-token-not-bound-to-client': 'any client can use a refresh token issued to another client',
  'dpop-code-binding-not-checked': 'the DPoP key a code was bound to at PAR (proof or dpop_jkt) is not compared with the token request\'s proof',
} as const;
export type StoreFault = keyof typeof STORE_FAULTS;

export interface StoreRules {
  relaxed: ReadonlySet<string>;
  /** The client_id of the token request being handled, if any (for code-not-bound-to-client). */
  tokenRequestClient?: () => string | undefined;
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
  // oidc-provider compares the clientId stored with the code and its grant with the authenticated client: under the
  // fault, what it finds names the client that asks.
  const unbound = relaxed('code-not-bound-to-client') || relaxed('refresh-token-not-bound-to-client');
  const asRequester = (found: AdapterPayload | undefined | void, fault: StoreFault): AdapterPayload | undefined => {
    const requester = rules.tokenRequestClient?.();
    if (!found) return undefined;
    // expiresWithSession off: the session would otherwise tie the token to the grant of the client that logged in.
    return requester && relaxed(fault) ? { ...found, clientId: requester, expiresWithSession: false } : found;
  };
  if (model === 'Grant' && unbound) {
    return { ...adapter, find: async (id) => asRequester(await adapter.find(id), relaxed('code-not-bound-to-client') ? 'code-not-bound-to-client' : 'refresh-token-not-bound-to-client') };
  }
  if (model === 'RefreshToken' && relaxed('refresh-token-not-bound-to-client')) {
    return { ...adapter, find: async (id) => asRequester(await adapter.find(id), 'refresh-token-not-bound-to-client') };
  }
  if (model === 'AuthorizationCode') {
    return {
      ...adapter,
      find: async (id) => {
        let found = asRequester(await adapter.find(id), 'code-not-bound-to-client');
        // A DPoP key named at PAR does not bind the code (holder-of-key-not-required, dpop-code-binding-not-checked).
        if (found && (rules.relaxed.has('holder-of-key-not-required') || relaxed('dpop-code-binding-not-checked'))) {
          const { dpopJkt: _jkt, ...unbound } = found as AdapterPayload & { dpopJkt?: unknown };
          found = unbound as AdapterPayload;
        }
        if (!found || !relaxed('pkce-verifier-not-checked')) return found;
        // With no challenge on the code (and the request's code_verifier dropped by the rewriter), oidc-provider's PKCE
        // check has nothing to compare.
        const { codeChallenge: _c, codeChallengeMethod: _m, ...rest } = found as AdapterPayload & { codeChallenge?: unknown; codeChallengeMethod?: unknown };
        return rest as AdapterPayload;
      },
      ...(relaxed('code-reusable') ? { consume: async () => undefined } : {}),
    };
  }
  return adapter;
}
