/**
 * The provider configuration: a pure function of the server's facts (issuer, PKI, layout, clients, lifetimes) and the
 * hooks of its active faults, which amend it last (faults/hooks.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Account, Adapter, Configuration, KoaContextWithOIDC, interactionPolicy as providerPolicy } from 'oidc-provider';
import { SERVER_SIGNING_ALGS } from './algorithms';
import type { ComposedHooks, ServerFacts } from './faults/hooks';
import { REGISTRATION_PATH } from './faults/registration';
import { errorPage, type ErrorPageInput } from './html';
import { NON_FAPI_CLIENT_ID, type Layout } from './layouts';
import { outboundFetch } from './outbound';
import { subjectDnMatches } from './mtls';
import { assertRequestObjectClaims } from './request-objects';

/** The one end-user of the reference server. Exported so that the self-test can prove the password never reaches a report. */
export const LOGIN = { username: 'alice', password: 'wonderland' } as const;
/** oidc-provider's defaults, spelled out because the fault rewriter and the mTLS aliases need the paths. */
export const ROUTES = {
  authorization: '/auth',
  pushed_authorization_request: '/request',
  token: '/token',
  userinfo: '/me',
  introspection: '/token/introspection',
  revocation: '/token/revocation',
  registration: REGISTRATION_PATH,
} as const;
/** oidc-provider's default path of the JWK set (not in ROUTES, so left at its default). */
export const JWKS_PATH = '/jwks';
const AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'];
const ENCRYPTION_ALGS = ['RSA-OAEP-256', 'ECDH-ES'];
const ENCRYPTION_ENCS = ['A256GCM', 'A128GCM'];

export interface ConfigurationInput {
  facts: ServerFacts;
  layout: Layout;
  hooks: ComposedHooks;
  /** The static clients' metadata (FAPI clients; the layout may add a non-FAPI one). */
  clients: Record<string, unknown>[];
  clientSecret: string;
  initialAccessToken: string;
  redirectUris: string[];
  /** The server's JWK set (private keys). */
  jwks: { keys: object[] };
  /** The storage of one model, faults' store hooks included. */
  adapter(model: string): Adapter;
  authorizationCodeLifetimeSeconds: number;
  /** The CA the server trusts when it connects to other servers (a client's jwks_uri): the test PKI's. */
  outboundCa: string;
  interactionPolicy: typeof providerPolicy;
}

/** Introspection and revocation: a client may ask only about its own tokens. */
const ownTokensOnly = (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId;

export function providerConfiguration(input: ConfigurationInput): Configuration {
  const { facts, layout, hooks } = input;
  const { issuer } = facts;
  const account = (accountId: string): Account => ({
    accountId,
    claims: () => ({ sub: accountId, name: 'Alice Liddell', email: 'alice@example.com' }),
  });

  const configuration: Configuration = {
    adapter: (model: string) => input.adapter(model),
    clients: [...input.clients, ...(layout.nonFapiClient ? [nonFapiClient(input.redirectUris, input.clientSecret)] : [])],
    jwks: input.jwks,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    routes: ROUTES,
    responseTypes: ['code'],
    // What userinfo can release for the scopes the clients may ask for (`email` lets a scenario reorder the scope).
    claims: { openid: ['sub', 'name', 'email'], email: ['email'] },
    findAccount: (_ctx: unknown, sub: string) => (sub === LOGIN.username ? account(sub) : undefined),
    extraClientMetadata: {
      properties: ['fapi_profile'],
      validator(_ctx: unknown, key: string, value: unknown) {
        if (key === 'fapi_profile' && value !== '2.0' && value !== '1.0 Final') {
          throw new TypeError(`fapi_profile must be "2.0" or "1.0 Final", got ${String(value)}`);
        }
      },
    },
    clientDefaults: {
      id_token_signed_response_alg: 'PS256',
      authorization_signed_response_alg: 'PS256',
      token_endpoint_auth_method: 'private_key_jwt',
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
    // The checks of client assertions that oidc-provider does not make, or not the way FAPI 2.0 wants (the
    // `clientAssertion` hooks: faults/client-auth.ts).
    assertJwtClientAuthClaimsAndHeader: async (ctx: KoaContextWithOIDC, claims: Record<string, unknown>) => {
      for (const check of hooks.clientAssertion) check(ctx, claims, facts);
    },
    clientAuthMethods: [...new Set([...AUTH_METHODS, ...layout.extraAuthMethods])],
    enabledJWA: {
      clientAuthSigningAlgValues: [...SERVER_SIGNING_ALGS, ...layout.extraVerifyAlgs.requestObjectAndClientAuth],
      idTokenSigningAlgValues: SERVER_SIGNING_ALGS,
      requestObjectSigningAlgValues: [...SERVER_SIGNING_ALGS, ...layout.extraVerifyAlgs.requestObjectAndClientAuth],
      userinfoSigningAlgValues: SERVER_SIGNING_ALGS,
      introspectionSigningAlgValues: SERVER_SIGNING_ALGS,
      authorizationSigningAlgValues: SERVER_SIGNING_ALGS,
      dPoPSigningAlgValues: [...SERVER_SIGNING_ALGS, ...layout.extraVerifyAlgs.dpop],
      attestSigningAlgValues: ['ES256'],
      idTokenEncryptionAlgValues: ENCRYPTION_ALGS,
      requestObjectEncryptionAlgValues: ENCRYPTION_ALGS,
      userinfoEncryptionAlgValues: ENCRYPTION_ALGS,
      introspectionEncryptionAlgValues: ENCRYPTION_ALGS,
      authorizationEncryptionAlgValues: ENCRYPTION_ALGS,
      idTokenEncryptionEncValues: ENCRYPTION_ENCS,
      requestObjectEncryptionEncValues: ENCRYPTION_ENCS,
      userinfoEncryptionEncValues: ENCRYPTION_ENCS,
      introspectionEncryptionEncValues: ENCRYPTION_ENCS,
      authorizationEncryptionEncValues: ENCRYPTION_ENCS,
    },
    features: {
      devInteractions: { enabled: false },
      fapi: {
        enabled: true,
        profile: (_ctx: unknown, client?: { fapi_profile?: string }) => client?.fapi_profile,
      },
      pushedAuthorizationRequests: {
        enabled: true,
        requirePushedAuthorizationRequests: false,
        allowUnregisteredRedirectUris: false,
      },
      requestObjects: {
        enabled: true,
        requireSignedRequestObject: false,
        assertJwtClaimsAndHeader: assertRequestObjectClaims(
          facts.errors.InvalidRequestObject,
          hooks.requestObject.map((check) => (ctx: KoaContextWithOIDC, claims: Record<string, unknown>) => check(ctx, claims, facts)),
        ),
      },
      encryption: { enabled: true },
      jwtResponseModes: { enabled: true },
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        // Without this, use_dpop_nonce only ever answers a stale iat; FAPI clients must handle it, so the harness should meet it.
        requireNonce: () => true,
      },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: false,
        getCertificate: (ctx: KoaContextWithOIDC) => ctx.socket.getPeerX509Certificate(),
        certificateAuthorized: (ctx: KoaContextWithOIDC) => ctx.socket.authorized,
        certificateSubjectMatches: (ctx: KoaContextWithOIDC, property: string, expected: string) => {
          const cert = ctx.socket.getPeerX509Certificate();
          return property === 'tls_client_auth_subject_dn' && !!cert && subjectDnMatches(expected, cert.subject);
        },
      },
      userinfo: { enabled: true },
      claimsParameter: { enabled: true },
      registration: { enabled: true, initialAccessToken: input.initialAccessToken },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
      introspection: {
        enabled: true,
        allowedPolicy: ownTokensOnly,
      },
      // RFC 7009: clients revoke their own tokens (the resource must then refuse them, FAPI 2.0 SP 5.3.4).
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      // No resource server registry exists here; with the feature on, any `resource` parameter would fail as invalid_target.
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    // Default layout: refresh tokens without offline_access (the clients may only ask for `openid`, and FAPI clients
    // expect one). The second layout issues them only for offline_access, as OpenID Connect Core 11 describes.
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }, source: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && (!layout.refreshNeedsOfflineAccess || source.scopes.has('offline_access')),
    ...(layout.rotateRefreshTokens !== undefined ? { rotateRefreshToken: () => layout.rotateRefreshTokens } : {}),
    ...(layout.consentEveryRequest ? { loadExistingGrant: consentEveryRequest } : {}),
    ...(layout.loginEveryRequest ? { interactions: { policy: loginEveryRequest(input.interactionPolicy) } } : {}),
    ttl: {
      AccessToken: layout.accessTokenLifetimeSeconds,
      AuthorizationCode: input.authorizationCodeLifetimeSeconds,
      IdToken: layout.accessTokenLifetimeSeconds,
      RefreshToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    clientBasedCORS: () => false,
    // RFC 6749 4.1.3: a token request must repeat the authorization request's redirect_uri. oidc-provider fills in a
    // client's only registered URI when it is left out, by default; the harness's clients have two, but a server
    // started with one (reference-server/main.ts) must still refuse the omission.
    allowOmittingSingleRegisteredRedirectUri: false,
    discovery: {
      // One listener serves both; RFC 8705 §5 still wants the aliases advertised for clients that only use them.
      mtls_endpoint_aliases: {
        token_endpoint: `${issuer}${ROUTES.token}`,
        pushed_authorization_request_endpoint: `${issuer}${ROUTES.pushed_authorization_request}`,
        userinfo_endpoint: `${issuer}${ROUTES.userinfo}`,
        introspection_endpoint: `${issuer}${ROUTES.introspection}`,
        revocation_endpoint: `${issuer}${ROUTES.revocation}`,
      },
    },
    // Client jwks_uri fetches: the test CA trusted, certificates checked, loopback reachable (outbound.ts).
    fetch: outboundFetch({ ca: input.outboundCa }),
    renderError: (ctx: KoaContextWithOIDC, out: ErrorPageInput) => {
      ctx.type = 'html';
      ctx.body = errorPage(out, layout.errorForm);
    },
  };
  for (const amend of hooks.configuration) amend(configuration, facts);
  return configuration;
}

/** A confidential web client that is no FAPI client (second layout): client_secret_basic, no FAPI profile, refresh
 * tokens with offline_access. It shares the server with the FAPI clients, and with their discovery document. */
function nonFapiClient(redirectUris: string[], secret: string): Record<string, unknown> {
  return {
    client_id: NON_FAPI_CLIENT_ID,
    client_secret: secret,
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    scope: 'openid email offline_access',
  };
}

/** Consent on every request: only the grant this very interaction produced counts, none remembered in the session. */
async function consentEveryRequest(ctx: KoaContextWithOIDC): Promise<unknown> {
  const oidc = ctx.oidc as unknown as { result?: { consent?: { grantId?: string } }; provider: { Grant: { find(id: string): Promise<unknown> } } };
  const grantId = oidc.result?.consent?.grantId;
  return grantId ? oidc.provider.Grant.find(grantId) : undefined;
}

/** Sign-in on every request: the login prompt also asks when the session already has a user, until this interaction
 * has signed one in (its result holds a login). */
function loginEveryRequest(policy: typeof providerPolicy): providerPolicy.Policy {
  const rules = policy.base();
  const login = rules.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.push(new policy.Check('every_request', 'this server asks the End-User to sign in on every request', (ctx) => !ctx.oidc.result?.login));
  return rules;
}
