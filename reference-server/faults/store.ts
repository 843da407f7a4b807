/**
 * The faults that act on stored artefacts, and the short request_uri lifetime the server advertises. oidc-provider
 * decides a request_uri's validity and a code's or refresh token's client binding from what its adapter returns, so
 * these faults change what the adapter keeps or returns, and nothing else.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AdapterPayload } from 'oidc-provider';
import { readBody, replay } from '../body';
import type { Fault, RouterHook, StoreHook } from './hooks';

/** A stored authorization code that forgets these members when oidc-provider reads it back: the check that would
 * compare them then has nothing to compare. */
export function codeForgets(members: readonly string[]): StoreHook {
  return (model, adapter) => {
    if (model !== 'AuthorizationCode') return adapter;
    return {
      ...adapter,
      find: async (id) => {
        const found = await adapter.find(id);
        if (!found) return found;
        const kept: Record<string, unknown> = { ...found };
        for (const m of members) delete kept[m];
        return kept as AdapterPayload;
      },
    };
  };
}

/** The client_id a token request names, for the faults that need to know who asks (set by `knowTokenRequester`). */
const tokenRequester = new AsyncLocalStorage<string | undefined>();

/** Runs a token request with its client_id known to the store: read from a copy of the form, which the provider then reads in full. */
const knowTokenRequester: RouterHook = async (req, _res, url, next, server) => {
  if (url.pathname !== server.routes.token) return next(req);
  const body = await readBody(req);
  const clientId = new URLSearchParams(body.toString('utf8')).get('client_id') ?? undefined;
  return tokenRequester.run(clientId, () => next(replay(req, body)));
};

/** oidc-provider compares the clientId stored with the artefact and its grant with the authenticated client: under the
 * fault, what it finds names the client that asks. */
function asRequester(models: readonly string[]): StoreHook {
  return (model, adapter) => {
    if (!models.includes(model)) return adapter;
    return {
      ...adapter,
      find: async (id) => {
        const found = await adapter.find(id);
        const requester = tokenRequester.getStore();
        if (!found) return undefined;
        // expiresWithSession off: the session would otherwise tie the token to the grant of the client that logged in.
        return requester ? ({ ...found, clientId: requester, expiresWithSession: false } as AdapterPayload) : found;
      },
    };
  };
}

/** Consuming leaves the artefact usable. */
function neverConsumed(target: string): StoreHook {
  return (model, adapter) => (model === target ? { ...adapter, consume: async () => undefined } : adapter);
}

export const STORE_FAULTS = {
  'request-uri-reusable': {
    relaxes: 'a request_uri stays usable after the authorization it carried has completed',
    store: neverConsumed('PushedAuthorizationRequest'),
  },
  'request-uri-outlives-expires-in': {
    relaxes: 'a request_uri stays usable for oidc-provider\'s 60 s although the PAR response advertises a shorter expires_in',
    // oidc-provider has no setting for the request_uri lifetime (up to 60 s): the server enforces its own through the
    // stored `exp`, which oidc-provider checks itself (the PAR response says so: configuration.ts).
    strict: {
      store: (model, adapter, facts) => {
        if (model !== 'PushedAuthorizationRequest') return adapter;
        return {
          ...adapter,
          upsert: async (id, payload, expiresIn) => {
            if (typeof payload.iat === 'number' && typeof payload.exp === 'number') {
              payload = { ...payload, exp: Math.min(payload.exp, payload.iat + facts.requestUriLifetimeSeconds) };
            }
            return adapter.upsert(id, payload, expiresIn);
          },
        };
      },
    },
  },
  'code-reusable': {
    relaxes: 'an authorization code can be redeemed again after its first use (and the first tokens stay valid)',
    store: neverConsumed('AuthorizationCode'),
  },
  'code-not-bound-to-client': {
    relaxes: 'any client can redeem an authorization code issued to another client',
    router: knowTokenRequester,
    store: asRequester(['Grant', 'AuthorizationCode']),
  },
  'refresh-token-not-bound-to-client': {
    relaxes: 'any client can use a refresh token issued to another client',
    router: knowTokenRequester,
    store: asRequester(['Grant', 'RefreshToken']),
  },
} satisfies Record<string, Fault>;
