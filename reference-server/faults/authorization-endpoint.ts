/**
 * Faults of the authorization endpoint that oidc-provider has no knob for: an open redirector (errors of requests whose
 * client or request_uri is unknown sent to whatever redirect_uri they carry), and CORS on the authorization endpoint.
 * Both are `guard` hooks: they see the request before oidc-provider does.
 */
import type { Fault } from './hooks';

export const AUTHORIZATION_ENDPOINT_FAULTS = {
  // Before open-redirect-on-unknown-client: with both on, its header also goes with the redirect.
  'authorization-endpoint-cors': {
    relaxes: 'the authorization endpoint answers preflights and cross-origin requests with Access-Control-Allow-Origin for any origin',
    guard: async (req, res, url, server) => {
      const origin = req.headers.origin;
      if (url.pathname !== server.routes.authorization || typeof origin !== 'string') return req;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? ''),
          Vary: 'Origin',
        });
        res.end();
        return undefined;
      }
      // Whatever oidc-provider answers, the header goes with it.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
      res.writeHead = ((...args: unknown[]) => {
        if (!res.headersSent) res.setHeader('Access-Control-Allow-Origin', origin);
        return writeHead(...args);
      }) as typeof res.writeHead;
      return req;
    },
  },
  'open-redirect-on-unknown-client': {
    relaxes:
      'an authorization request naming an unknown client_id or an unknown request_uri is answered with a redirect to the redirect_uri it carries (error=invalid_request)',
    guard: async (req, res, url, server) => {
      if (url.pathname !== server.routes.authorization || req.method !== 'GET') return req;
      const redirectUri = url.searchParams.get('redirect_uri');
      const clientId = url.searchParams.get('client_id');
      const requestUri = url.searchParams.get('request_uri');
      const unknown = !clientId || !(await server.known.client(clientId)) || (!!requestUri && !(await server.known.requestUri(requestUri)));
      if (!redirectUri || !unknown || !URL.canParse(redirectUri)) return req;
      const target = new URL(redirectUri);
      target.searchParams.set('error', 'invalid_request');
      target.searchParams.set('error_description', 'unknown client or request_uri');
      const state = url.searchParams.get('state');
      if (state) target.searchParams.set('state', state);
      res.writeHead(303, { Location: target.href, 'Cache-Control': 'no-store' });
      res.end();
      return undefined;
    },
  },
} satisfies Record<string, Fault>;
