/** What the rewriter looks up in the server's store: who pushed a request_uri, and what a code was issued for. */
import type { MemoryStore } from '../../adapter';

/** The client that pushed a request_uri, if it is live (accept-request-uri-of-other-client). */
export function parOwnerIn(store: MemoryStore): (requestUri: string) => Promise<string | undefined> {
  return async (requestUri) => {
    const prefix = 'urn:ietf:params:oauth:request_uri:';
    if (!requestUri.startsWith(prefix)) return undefined;
    const found = await store.adapter('PushedAuthorizationRequest').find(requestUri.slice(prefix.length));
    const request = typeof found?.request === 'string' ? found.request : undefined;
    if (!request) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(request.split('.')[1] ?? '', 'base64url').toString('utf8')) as { client_id?: unknown; iss?: unknown };
      const owner = claims.client_id ?? claims.iss;
      return typeof owner === 'string' ? owner : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The redirect_uri an authorization code was issued for, if the code is live (token-redirect-uri-not-checked). */
export function codeRedirectUriIn(store: MemoryStore): (code: string) => Promise<string | undefined> {
  return async (code) => {
    const found = await store.adapter('AuthorizationCode').find(code);
    return typeof found?.redirectUri === 'string' ? found.redirectUri : undefined;
  };
}
