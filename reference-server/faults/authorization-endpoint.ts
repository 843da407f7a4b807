/**
 * Faults of the authorization endpoint that oidc-provider has no knob for: an open redirector (errors of requests whose
 * client or request_uri is unknown sent to whatever redirect_uri they carry), and CORS on the authorization endpoint.
 * The server calls `authorizationEndpointFaults` for every request before oidc-provider sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const AUTHORIZATION_ENDPOINT_FAULTS = {
  'open-redirect-on-unknown-client':
    'an authorization request naming an unknown client_id or an unknown request_uri is answered with a redirect to the redirect_uri it carries (error=invalid_request)',
  'authorization-endpoint-cors': 'the authorization endpoint answers preflights and cross-origin requests with Access-Control-Allow-Origin for any origin',
} as const;
export type AuthorizationEndpointFault = keyof typeof AUTHORIZATION_ENDPOINT_FAULTS;

export interface AuthorizationEndpointHooks {
  relaxed: ReadonlySet<string>;
  authorizationPath: string;
  /** Whether a client is registered. */
  knownClient(clientId: string): Promise<boolean>;
  /** Whether a pushed request_uri exists (whoever pushed it). */
  knownRequestUri(requestUri: string): Promise<boolean>;
}

/** @returns true when the request has been answered here. */
export async function authorizationEndpointFaults(req: IncomingMessage, res: ServerResponse, url: URL, hooks: AuthorizationEndpointHooks): Promise<boolean> {
  if (url.pathname !== hooks.authorizationPath) return false;
  const origin = req.headers.origin;
  if (hooks.relaxed.has('authorization-endpoint-cors') && typeof origin === 'string') {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? ''),
        Vary: 'Origin',
      });
      res.end();
      return true;
    }
    // Whatever oidc-provider answers, the header goes with it.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.headersSent) res.setHeader('Access-Control-Allow-Origin', origin);
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
  }
  if (hooks.relaxed.has('open-redirect-on-unknown-client') && req.method === 'GET') {
    const redirectUri = url.searchParams.get('redirect_uri');
    const clientId = url.searchParams.get('client_id');
    const requestUri = url.searchParams.get('request_uri');
    const unknown = !clientId || !(await hooks.knownClient(clientId)) || (!!requestUri && !(await hooks.knownRequestUri(requestUri)));
    if (redirectUri && unknown && URL.canParse(redirectUri)) {
      const target = new URL(redirectUri);
      target.searchParams.set('error', 'invalid_request');
      target.searchParams.set('error_description', 'unknown client or request_uri');
      const state = url.searchParams.get('state');
      if (state) target.searchParams.set('state', state);
      res.writeHead(303, { Location: target.href, 'Cache-Control': 'no-store' });
      res.end();
      return true;
    }
  }
  return false;
}
