/** The token-endpoint faults that oidc-provider's configuration expresses, and a grant it does not have. */
import { randomBytes } from 'node:crypto';
import { readBody, replay } from '../body';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Fault } from './hooks';

export const TOKEN_FAULTS = {
  'code-outlives-its-lifetime': {
    relaxes: 'authorization codes stay redeemable for 60 s although the server says they live 5 s',
    configuration: (config) => {
      (config.ttl as Record<string, number>).AuthorizationCode = 60;
    },
  },
  'refresh-token-rotated-without-retry': {
    relaxes: 'every refresh rotates the refresh token and consumes the one presented, so a retry with it after a lost response fails',
    configuration: (config) => {
      config.rotateRefreshToken = () => true;
    },
  },
  'short-opaque-values': {
    relaxes: 'codes, access tokens and refresh tokens carry 64 bits of randomness instead of 256',
    configuration: (config) => {
      config.formats = { bitsOfOpaqueRandomness: 64 };
    },
  },
  'accept-password-grant': {
    relaxes: 'the token endpoint issues an access token for grant_type=password (resource owner password credentials), without checking anything',
    // oidc-provider has no password grant: under this fault the server answers one itself, as an AS that still offers
    // it would (FAPI 2.0 SP 5.3.2.1 forbids it).
    router: async (req, res, url, next, server) => {
      if (url.pathname !== server.routes.token) return next(req);
      const body = await readBody(req);
      if (new URLSearchParams(body.toString('utf8')).get('grant_type') !== 'password') return next(replay(req, body));
      const accessToken = randomBytes(32).toString('base64url');
      server.secretLedger?.(accessToken, 'access_token');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 60, scope: 'openid' }));
    },
  },
  'token-response-omits-scope': {
    relaxes: 'token responses carry no scope, although the server drops the scope values it does not know from what it grants',
    // oidc-provider grants only the scopes it knows and always names them; the event fires after the body is set.
    provider: (provider) => {
      provider.on('grant.success', (...args: unknown[]) => {
        const ctx = args[0] as KoaContextWithOIDC;
        if (ctx.body && typeof ctx.body === 'object') delete (ctx.body as Record<string, unknown>).scope;
      });
    },
  },
} satisfies Record<string, Fault>;
