/**
 * The bundled reference authorization server: oidc-provider 9 configured for
 * FAPI 1.0 Advanced and FAPI 2.0 (Security Profile and Message Signing), over
 * HTTPS with client-certificate requests, with a sender-constrained protected
 * resource, and with named faults that each relax one check so that the
 * harness can prove its negative tests fail when the AS misbehaves.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Account, Configuration, KoaContextWithOIDC, Provider as ProviderType, errors as providerErrors, interactionPolicy as providerPolicy } from 'oidc-provider';
import { MemoryStore } from './adapter';
import { SERVER_SIGNING_ALGS } from './algorithms';
import { buildClients, buildTarget, type JarmMode, type TargetJson } from './clients';
import { ALTERNATE_CANCEL_STEPS, ALTERNATE_ERROR_SELECTOR, ALTERNATE_LOGIN_STEPS, ALTERNATE_SELECTORS, errorPage, type ErrorPageInput, type LoginForm } from './html';
import { createInteractionHandler } from './interactions';
import { LAYOUTS, NON_FAPI_CLIENT_ID, type LayoutName } from './layouts';
import { subjectDnMatches } from './mtls';
import { loadPki } from './pki-files';
import { createFaultSigners, createRequestRewriter, PayloadTooLargeError, readBody, replay, REWRITE_FAULTS, type RewriteFault } from './request-rewrite';
import { createRegistrationGuard, REGISTRATION_FAULTS, REGISTRATION_PATH, type RegistrationFault } from './registration';
import { assertRequestObjectClaims, REQUEST_OBJECT_FAULTS, type RequestObjectFault } from './request-objects';
import { STORE_FAULTS, withStoreRules, type StoreFault } from './store-faults';
import { createResourceHandler, RESOURCE_FAULTS, RESOURCE_PATH, type ResourceFault } from './resource';
import { RESOURCE_RESPONSE_FAULTS, type ResourceResponseFault } from './faults/resource-response';
import { RESOURCE_TOKEN_FAULTS, type ResourceTokenFault } from './faults/resource-token';
import { applyRequestUriFaults, REQUEST_URI_FAULTS, type RequestUriFault } from './faults/request-uri';
import { AUTHORIZATION_ENDPOINT_FAULTS, authorizationEndpointFaults, type AuthorizationEndpointFault } from './faults/authorization-endpoint';

export type { JarmMode, TargetClient, TargetJson, TargetVariant, VariantName } from './clients';
export { LAYOUT_NAMES, parseLayout, type LayoutName } from './layouts';

export type FaultName =
  | RewriteFault
  | 'pkce-not-required'
  | 'allow-query-response-mode'
  | 'accept-client-secret'
  | 'ignore-client-certificate'
  | 'ignore-certificate-binding'
  | 'ignore-dpop-binding'
  | 'par-not-required'
  | 'request-object-not-required'
  | 'fapi2-client-assertion-audience-relaxed'
  | 'holder-of-key-not-required'
  | 'code-outlives-its-lifetime'
  | 'tls-legacy-versions-allowed'
  | 'tls-client-auth-without-certificate'
  | 'short-opaque-values'
  | 'tls-weak-ciphers-allowed'
  | 'discovery-http-endpoint'
  | 'discovery-advertises-rs256'
  | 'discovery-omits-auth-methods'
  | 'discovery-omits-required-metadata'
  | 'accept-dpop-proof-future-iat'
  | 'accept-client-assertion-future-iat'
  | 'jwks-short-rsa-key'
  | 'accept-password-grant'
  | StoreFault
  | RequestObjectFault
  | ResourceFault
  | ResourceResponseFault
  | ResourceTokenFault
  | AuthorizationEndpointFault
  | RequestUriFault
  | RegistrationFault;

export const FAULTS: Record<FaultName, string> = {
  ...REWRITE_FAULTS,
  'pkce-not-required': 'authorization requests without a PKCE code_challenge are accepted',
  'allow-query-response-mode':
    'FAPI 1.0 and FAPI 2.0 Message Signing clients may get the code in a plain query response instead of JARM',
  'accept-client-secret': 'the <variant>-secret clients authenticate with their client_secret (Basic header or form)',
  'ignore-client-certificate': 'tls_client_auth accepts any certificate issued by the test CA, whatever its subject',
  'ignore-certificate-binding': 'the resource endpoint accepts certificate-bound tokens without comparing the client certificate',
  'ignore-dpop-binding': 'the resource endpoint accepts DPoP-bound tokens with a valid proof from any key',
  'par-not-required': 'clients may send authorization requests straight to the authorization endpoint, without PAR',
  'request-object-not-required': 'FAPI 1.0 and Message Signing clients may send plain parameters instead of a signed request object',
  'discovery-http-endpoint': 'the discovery document lists the introspection endpoint with an http: URL',
  'discovery-advertises-rs256': 'the discovery document offers RS256 alone, no FAPI algorithm, for ID tokens, request objects and client assertions',
  'accept-dpop-proof-future-iat':
    'DPoP proofs at the token and PAR endpoints whose iat lies more than 15 s ahead are accepted once they carry the server\'s nonce (oidc-provider judges iat only in proofs without one)',
  'accept-client-assertion-future-iat':
    'FAPI 2.0 clients\' assertions whose iat lies more than 15 s ahead are accepted (oidc-provider judges iat only in JWTs without exp)',
  'accept-password-grant': 'the token endpoint issues an access token for grant_type=password (resource owner password credentials), without checking anything',
  'jwks-short-rsa-key': "the server's JWK set also publishes a 1024-bit RSA key (never used to sign)",
  'discovery-omits-auth-methods':
    'the discovery document leaves out token_endpoint_auth_methods_supported, which then means client_secret_basic alone (RFC 8414 2)',
  'discovery-omits-required-metadata':
    'the discovery document leaves out code_challenge_methods_supported, authorization_response_iss_parameter_supported and request_parameter_supported',
  'tls-client-auth-without-certificate': 'a tls_client_auth client that presents no certificate at all is authenticated by its client_id',
  'short-opaque-values': 'codes, access tokens and refresh tokens carry 64 bits of randomness instead of 256',
  'tls-legacy-versions-allowed': 'the server also speaks TLS 1.0 and 1.1 (with the legacy cipher suites those versions need)',
  'tls-weak-ciphers-allowed': 'on TLS 1.2 the server also permits CBC, static-RSA and other suites outside the FAPI list',
  'code-outlives-its-lifetime': 'authorization codes stay redeemable for 60 s although the server says they live 5 s',
  'holder-of-key-not-required':
    'a token request without the client certificate (mTLS-bound clients) or without a DPoP proof (DPoP clients) still gets tokens: bound to a stand-in certificate, or plain bearer tokens',
  'fapi2-client-assertion-audience-relaxed':
    'FAPI 2.0 clients\' assertions may name the token or PAR endpoint as aud, or carry aud as an array (the FAPI 1.0 / RFC 9126 rules) instead of exactly the issuer',
  ...STORE_FAULTS,
  ...REQUEST_OBJECT_FAULTS,
  ...RESOURCE_FAULTS,
  ...RESOURCE_RESPONSE_FAULTS,
  ...RESOURCE_TOKEN_FAULTS,
  ...AUTHORIZATION_ENDPOINT_FAULTS,
  ...REQUEST_URI_FAULTS,
  ...REGISTRATION_FAULTS,
};

export interface ReferenceServerOptions {
  /** Directory with the files certs/pki.ts generates. */
  pkiDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Registered for every client; the first is the one the target JSON names. */
  redirectUris: string[];
  faults?: FaultName[];
  jwksUri?: undefined;
  /** Layout of the login and consent pages; `alternate` needs the selectors the target JSON then carries. */
  loginForm?: LoginForm;
  /** request_uri lifetime (expires_in) in seconds, default 4: FAPI 2.0 SP 5.3.2.2-12 asks for less than 600 and sets no
   * minimum; short, so that the expiry scenario's wait runs out while the other tests of a worker run (each takes 6 s or more). */
  requestUriLifetimeSeconds?: number;
  /** Authorization code lifetime in seconds, default 5: FAPI 2.0 SP 5.3.2.1-11 caps it at 60; short, so that the
   * expired-code scenario's wait runs out while the other tests of a worker run. */
  authorizationCodeLifetimeSeconds?: number;
  /** Told every secret the server issues or receives (client secret, initial access token, codes, access and refresh
   * tokens, registration access tokens, client assertions): the self-test scans the reports for each of them. */
  secretLedger?: (secret: string, what: string) => void;
  /** Sees every request first and may answer it itself (return true): the hostile AS of the self-test
   * (test/hostile-as.ts) misbehaves on one endpoint this way while the rest of the server works. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Another TLS certificate and key than the test PKI's server certificate (e.g. one for another host name). */
  tlsCertificate?: { cert: string; key: string };
  /** Registers the JARM clients (FAPI 1.0 and Message Signing) for these response modes only, while discovery still
   * advertises all four: a server may offer a client fewer modes than it supports. Default: every JARM mode. */
  jarmModes?: readonly JarmMode[];
  /** The server's layout (reference-server/layouts.ts): `default`, or `second`, a correct FAPI AS configured otherwise
   * wherever FAPI leaves a choice. The options above (loginForm, lifetimes, jarmModes), when given, win over it. */
  layout?: LayoutName;
}

export interface ReferenceServer {
  issuer: string;
  layout: LayoutName;
  target: TargetJson;
  close(): Promise<void>;
}

/** The one end-user of the reference server. Exported so that the self-test can prove the password never reaches a report. */
export const LOGIN = { username: 'alice', password: 'wonderland' } as const;
/** oidc-provider's defaults, spelled out because the fault rewriter and the mTLS aliases need the paths. */
const ROUTES = {
  authorization: '/auth',
  pushed_authorization_request: '/request',
  token: '/token',
  userinfo: '/me',
  introspection: '/token/introspection',
  revocation: '/token/revocation',
  registration: REGISTRATION_PATH,
} as const;
/** oidc-provider's default path of the JWK set (not in ROUTES, so left at its default). */
const JWKS_PATH = '/jwks';
/** What accept-non-code-response-types adds. oidc-provider has no bare "token" and issues no front-channel access
 * token to a sender-constrained client, so the rewriter answers "token" as "code id_token". */
const NON_CODE_RESPONSE_TYPES = ['code id_token'];
const AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'];
const ENCRYPTION_ALGS = ['RSA-OAEP-256', 'ECDH-ES'];
const ENCRYPTION_ENCS = ['A256GCM', 'A128GCM'];

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

function assertFaults(faults: readonly string[]): Set<FaultName> {
  const unknown = faults.filter((f) => !isFaultName(f));
  if (unknown.length) {
    throw new Error(`Unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}; valid faults: ${Object.keys(FAULTS).join(', ')}`);
  }
  return new Set(faults as FaultName[]);
}

type ProviderModule = { Provider: typeof ProviderType; errors: typeof providerErrors; interactionPolicy: typeof providerPolicy };
let providerModule: Promise<ProviderModule> | undefined;

/**
 * oidc-provider 9 prints "Unsupported runtime" when evaluated on Node 20, which it still works on (it needs
 * `URL.parse` and `crypto.hash`, both present from Node 20.19). The message is printed once at module evaluation, so
 * it is filtered out exactly there and nowhere else.
 */
function loadProvider(): Promise<ProviderModule> {
  providerModule ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
      warn.apply(console, args);
    };
    try {
      const m = await import('oidc-provider');
      return { Provider: m.default, errors: m.errors, interactionPolicy: m.interactionPolicy };
    } finally {
      console.warn = warn;
    }
  })();
  return providerModule;
}

/**
 * FAPI 1.0 Advanced 8.5 / FAPI 2.0 SP 5.2.1: TLS 1.2 or later, and on TLS 1.2 only the four FAPI 1.0 suites (ECDHE or
 * DHE with RSA and AES-GCM, all of them also recommended by BCP 195). The server's key is EC, so TLS 1.2 finds no suite
 * in common: every client speaks TLS 1.3 to it, which both profiles allow. The TLS faults relax this.
 */
const FAPI_TLS12_CIPHERS = 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384';
function tlsPolicy(faults: ReadonlySet<FaultName>): { minVersion: 'TLSv1' | 'TLSv1.2'; ciphers: string } {
  if (faults.has('tls-legacy-versions-allowed')) return { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' };
  if (faults.has('tls-weak-ciphers-allowed')) return { minVersion: 'TLSv1.2', ciphers: `${FAPI_TLS12_CIPHERS}:HIGH:!aNULL@SECLEVEL=0` };
  return { minVersion: 'TLSv1.2', ciphers: FAPI_TLS12_CIPHERS };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} on ${host} is already in use: stop the process holding it or choose another port (--port 0 picks a free one)`));
      } else if (e.code === 'EACCES') {
        reject(new Error(`Not allowed to listen on port ${port} on ${host}: choose a port above 1023 (--port 0 picks a free one)`));
      } else if (e.code === 'EADDRNOTAVAIL') {
        reject(new Error(`Cannot listen on ${host}: no such local address`));
      } else {
        reject(new Error(`Cannot listen on ${host}:${port}: ${e.message}`));
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections from undici agents or a browser would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}

export async function startReferenceServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  const faults = assertFaults(opts.faults ?? []);
  if (!opts.redirectUris?.length) throw new Error('redirectUris must name at least one redirect URI');
  for (const uri of opts.redirectUris) {
    if (!URL.canParse(uri)) throw new Error(`redirect URI "${uri}" is not a valid URL`);
  }
  const pki = loadPki(path.resolve(opts.pkiDir));
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  const { Provider, errors, interactionPolicy } = await loadProvider();
  const layoutName = opts.layout ?? 'default';
  const layout = LAYOUTS[layoutName];
  if (!layout) throw new Error(`unknown layout "${String(opts.layout)}"; known layouts: ${Object.keys(LAYOUTS).join(', ')}`);
  const loginForm = opts.loginForm ?? layout.loginForm;
  const jarmModes = opts.jarmModes ?? layout.jarmModes;

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'Retry-After': '1' }).end();
  };
  let server: Server;
  try {
    server = createServer(
      {
        key: opts.tlsCertificate?.key ?? pki.serverKey,
        cert: opts.tlsCertificate?.cert ?? pki.serverCert,
        ca: pki.ca,
        // Asked for on every connection but optional: the browser has none, and oidc-provider decides per endpoint whether one is needed.
        requestCert: true,
        rejectUnauthorized: false,
        ...tlsPolicy(faults),
      },
      (req, res) => handle(req, res),
    );
  } catch (e) {
    throw new Error(`Test PKI in ${pki.dir} has an unusable server certificate or key (${(e as Error).message}): run npm install (or npm run setup) to regenerate the test PKI.`);
  }
  await listen(server, port, host);

  try {
    const actualPort = (server.address() as AddressInfo).port;
    // localhost rather than the bound address: the server certificate's name, and what browsers and cookies expect.
    const issuer = `https://localhost:${actualPort}`;
    const clientSecret = randomBytes(32).toString('base64url');
    // RFC 7591 3: registration is open only to holders of this token, which the exported target configuration carries.
    const initialAccessToken = randomBytes(32).toString('base64url');
    const rewriting = [...faults].some((f) => Object.hasOwn(REWRITE_FAULTS, f) || f === 'pkce-verifier-not-checked');
    const signers = rewriting ? await createFaultSigners() : undefined;
    const clients = buildClients({
      pki,
      redirectUris: opts.redirectUris,
      clientSecret,
      extraKeys: signers ? [signers.PS256.publicJwk, signers.ES256.publicJwk] : [],
      acceptClientSecret: faults.has('accept-client-secret'),
      allowQueryResponseMode: faults.has('allow-query-response-mode'),
      parOptional: faults.has('par-not-required'),
      requestObjectOptional: faults.has('request-object-not-required'),
      dpopOptional: faults.has('holder-of-key-not-required'),
      extraResponseTypes: faults.has('accept-non-code-response-types') ? NON_CODE_RESPONSE_TYPES : [],
      ...(jarmModes ? { jarmModes } : {}),
    });
    const store = new MemoryStore();
    const requestUriLifetimeSeconds = opts.requestUriLifetimeSeconds ?? layout.requestUriLifetimeSeconds;
    const authorizationCodeLifetimeSeconds = opts.authorizationCodeLifetimeSeconds ?? layout.authorizationCodeLifetimeSeconds;
    // The client_id a token request names, for the store faults that need to know who asks.
    const tokenRequest = new AsyncLocalStorage<string | undefined>();
    const storeRules = { relaxed: faults, requestUriLifetimeSeconds, tokenRequestClient: () => tokenRequest.getStore() };
    // What a lax AS binds a token to when the client presents no certificate (holder-of-key-not-required).
    const standIn = new X509Certificate(pki.serverCert);

    const account = (accountId: string): Account => ({
      accountId,
      claims: () => ({ sub: accountId, name: 'Alice Liddell', email: 'alice@example.com' }),
    });

    const configuration: Configuration = {
      adapter: (model: string) => withStoreRules(model, store.adapter(model), storeRules),
      clients: [...[...clients.values()].map((c) => c.metadata), ...(layout.nonFapiClient ? [nonFapiClient(opts.redirectUris, clientSecret)] : [])],
      jwks: pki.asJwks,
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      routes: ROUTES,
      responseTypes: ['code', ...(faults.has('accept-non-code-response-types') ? NON_CODE_RESPONSE_TYPES : [])],
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
      // oidc-provider's own rule, with its fault: under FAPI 2.0 the audience is the issuer, as a single string. And one
      // it leaves out: FAPI 2.0 SP 5.3.2.1 refuses an iat more than 60 s ahead (15 s here, the clock tolerance), which
      // oidc-provider judges only in JWTs without exp, and an assertion always has one.
      assertJwtClientAuthClaimsAndHeader: async (ctx: KoaContextWithOIDC, claims: Record<string, unknown>) => {
        if (!faults.has('fapi2-client-assertion-audience-relaxed') && ctx.oidc.isFapi('2.0') && claims.aud !== ctx.oidc.issuer) {
          throw new errors.InvalidClientAuth('audience (aud) must equal the issuer identifier url');
        }
        const now = Math.floor(Date.now() / 1000);
        if (!faults.has('accept-client-assertion-future-iat') && ctx.oidc.isFapi('2.0') && typeof claims.iat === 'number' && claims.iat > now + 15) {
          throw new errors.InvalidClientAuth('iat (issued at) lies in the future');
        }
      },
      clientAuthMethods: [...new Set([...AUTH_METHODS, ...layout.extraAuthMethods, ...(faults.has('accept-client-secret') ? ['client_secret_basic', 'client_secret_post'] : [])])],
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
        requestObjects: { enabled: true, requireSignedRequestObject: false, assertJwtClaimsAndHeader: assertRequestObjectClaims(errors.InvalidRequestObject, faults) },
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
          getCertificate: (ctx: KoaContextWithOIDC) =>
            ctx.socket.getPeerX509Certificate() ??
            ((faults.has('holder-of-key-not-required') && ctx.path === ROUTES.token) || faults.has('tls-client-auth-without-certificate') ? standIn : undefined),
          certificateAuthorized: (ctx: KoaContextWithOIDC) =>
            ctx.socket.authorized || (faults.has('tls-client-auth-without-certificate') && !ctx.socket.getPeerX509Certificate()),
          certificateSubjectMatches: (ctx: KoaContextWithOIDC, property: string, expected: string) => {
            if (faults.has('ignore-client-certificate')) return true;
            if (faults.has('tls-client-auth-without-certificate') && !ctx.socket.getPeerX509Certificate()) return true;
            const cert = ctx.socket.getPeerX509Certificate();
            return property === 'tls_client_auth_subject_dn' && !!cert && subjectDnMatches(expected, cert.subject);
          },
        },
        userinfo: { enabled: true },
        claimsParameter: { enabled: true },
        registration: { enabled: true, initialAccessToken },
        registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
        introspection: {
          enabled: true,
          allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId,
        },
        // RFC 7009: clients revoke their own tokens (the resource must then refuse them, FAPI 2.0 SP 5.3.4).
        revocation: {
          enabled: true,
          allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId,
        },
        // No resource server registry exists here; with the feature on, any `resource` parameter would fail as invalid_target.
        resourceIndicators: { enabled: false },
        rpInitiatedLogout: { enabled: false },
      },
      ...(faults.has('pkce-not-required') ? { pkce: { required: () => false } } : {}),
      // Default layout: refresh tokens without offline_access (the clients may only ask for `openid`, and FAPI clients
      // expect one). The second layout issues them only for offline_access, as OpenID Connect Core 11 describes.
      issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }, source: { scopes: Set<string> }) =>
        client.grantTypeAllowed('refresh_token') && (!layout.refreshNeedsOfflineAccess || source.scopes.has('offline_access')),
      ...(layout.rotateRefreshTokens !== undefined ? { rotateRefreshToken: () => layout.rotateRefreshTokens } : {}),
      ...(layout.consentEveryRequest ? { loadExistingGrant: consentEveryRequest } : {}),
      ...(layout.loginEveryRequest ? { interactions: { policy: loginEveryRequest(interactionPolicy) } } : {}),
      ttl: {
        AccessToken: layout.accessTokenLifetimeSeconds,
        AuthorizationCode: faults.has('code-outlives-its-lifetime') ? 60 : authorizationCodeLifetimeSeconds,
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
      ...(faults.has('short-opaque-values') ? { formats: { bitsOfOpaqueRandomness: 64 } } : {}),
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
      renderError: (ctx: KoaContextWithOIDC, out: ErrorPageInput) => {
        ctx.type = 'html';
        ctx.body = errorPage(out, layout.errorForm);
      },
    };

    const provider = new Provider(issuer, configuration);
    provider.on('server_error', (ctx, err) => {
      console.error(`Reference AS: server_error on ${ctx.method} ${ctx.path}: ${err.message}`);
    });
    // The discovery faults change what the metadata says, after oidc-provider has built it.
    if (faults.has('discovery-http-endpoint') || faults.has('discovery-advertises-rs256') || faults.has('discovery-omits-auth-methods') || faults.has('discovery-omits-required-metadata')) {
      (provider as unknown as { use(mw: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): void }).use(async (ctx, next) => {
        await next();
        if (ctx.path !== '/.well-known/openid-configuration' || !ctx.body || typeof ctx.body !== 'object') return;
        const body = ctx.body as Record<string, unknown>;
        if (faults.has('discovery-http-endpoint') && typeof body.introspection_endpoint === 'string') body.introspection_endpoint = body.introspection_endpoint.replace(/^https:/, 'http:');
        if (faults.has('discovery-advertises-rs256')) {
          // RS256 beside the FAPI algorithms would be a mere warning (one document serves non-FAPI clients too); RS256
          // alone leaves a FAPI client nothing it may use.
          for (const k of ['id_token_signing_alg_values_supported', 'request_object_signing_alg_values_supported', 'token_endpoint_auth_signing_alg_values_supported']) {
            if (Array.isArray(body[k])) body[k] = ['RS256'];
          }
        }
        // Secret methods beside the FAPI ones are a mere warning (for non-FAPI clients); without the list, the default
        // (client_secret_basic alone) leaves a FAPI client nothing it may use.
        if (faults.has('discovery-omits-auth-methods')) delete body.token_endpoint_auth_methods_supported;
        if (faults.has('discovery-omits-required-metadata')) {
          for (const k of ['code_challenge_methods_supported', 'authorization_response_iss_parameter_supported', 'request_parameter_supported']) delete body[k];
        }
      });
    }
    if (faults.has('jwks-short-rsa-key')) {
      // A public key only: published beside the real ones, it signs nothing.
      const short = { ...(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'short-rsa-1024', use: 'sig', alg: 'PS256' };
      (provider as unknown as { use(mw: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): void }).use(async (ctx, next) => {
        await next();
        const body = ctx.body as { keys?: unknown[] } | undefined;
        if (ctx.path === JWKS_PATH && body && Array.isArray(body.keys)) body.keys = [...body.keys, short];
      });
    }
    if (opts.secretLedger) recordSecrets(provider, opts.secretLedger, { clientSecret, initialAccessToken });
    // oidc-provider has no setting for the request_uri lifetime (up to 60 s); the stored expiry is shortened in the
    // adapter (store-faults.ts) and the response says so. The event fires after the body is set, before it is sent.
    provider.on('pushed_authorization_request.success', (...args: unknown[]) => {
      const body = (args[0] as KoaContextWithOIDC).body as { expires_in?: number };
      if (typeof body.expires_in === 'number') body.expires_in = Math.min(body.expires_in, requestUriLifetimeSeconds);
    });

    applyRequestUriFaults(provider, faults);

    if (faults.has('allow-query-response-mode')) {
      // Client is a per-provider class, so this touches no other server in the process.
      const proto = provider.Client.prototype;
      const original = proto.responseModeAllowed;
      proto.responseModeAllowed = function responseModeAllowed(mode, type, fapiProfile) {
        // Only the FAPI 1.0 "code needs JARM" rule is lifted; registered response_modes still apply.
        const profile = fapiProfile === '1.0 Final' && mode === 'query' && type === 'code' ? undefined : fapiProfile;
        return original.call(this, mode, type, profile);
      };
    }

    // Static clients are only validated when first used; a bad registration must stop the start, not fail a test later.
    for (const id of clients.keys()) {
      try {
        await provider.Client.find(id);
      } catch (e) {
        const description = (e as { error_description?: string }).error_description ?? (e as Error).message;
        throw new Error(`client ${id} is misconfigured: ${description}`);
      }
    }

    const providerCallback = provider.callback();
    const resource = createResourceHandler({
      provider,
      realm: issuer,
      ignoreCertificateBinding: faults.has('ignore-certificate-binding'),
      ignoreDpopBinding: faults.has('ignore-dpop-binding'),
      relaxed: faults,
    });
    const registration = createRegistrationGuard({
      relaxed: faults,
      store,
      signingAlgs: SERVER_SIGNING_ALGS,
      defaultAuthMethod: 'private_key_jwt',
    });
    const interactions = createInteractionHandler(provider, LOGIN, loginForm, layout.errorForm);
    const rewrite = signers
      ? createRequestRewriter({
          relaxed: faults,
          issuer,
          clients,
          signers,
          paths: [ROUTES.authorization, ROUTES.pushed_authorization_request, ROUTES.token],
          parPath: ROUTES.pushed_authorization_request,
          tokenPath: ROUTES.token,
          parOwner: async (requestUri) => {
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
          },
          codeRedirectUri: async (code) => {
            const found = await store.adapter('AuthorizationCode').find(code);
            return typeof found?.redirectUri === 'string' ? found.redirectUri : undefined;
          },
        })
      : undefined;

    const authorizationHooks = {
      relaxed: faults,
      authorizationPath: ROUTES.authorization,
      knownClient: async (id: string) => !!(await provider.Client.find(id).catch(() => undefined)),
      knownRequestUri: async (uri: string) => {
        const prefix = 'urn:ietf:params:oauth:request_uri:';
        return uri.startsWith(prefix) && !!(await store.adapter('PushedAuthorizationRequest').find(uri.slice(prefix.length)));
      },
    };
    const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const url = new URL(req.url ?? '/', issuer);
      if (url.pathname === RESOURCE_PATH) return resource(req, res);
      if (await authorizationEndpointFaults(req, res, url, authorizationHooks)) return;
      if (await interactions(req, res, url)) return;
      const guarded = await registration(req, res, url);
      if (!guarded) return;
      if ((url.pathname === ROUTES.token || url.pathname === ROUTES.pushed_authorization_request) && !faults.has('accept-dpop-proof-future-iat')) {
        const refusal = dpopProofDatedAhead(guarded.headers.dpop);
        if (refusal) {
          res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify({ error: 'invalid_dpop_proof', error_description: refusal }));
          return;
        }
      }
      let request = rewrite ? await rewrite(guarded, url) : guarded;
      if (url.pathname === ROUTES.token && faults.has('accept-password-grant')) {
        // oidc-provider has no password grant: under this fault the server answers one itself, as an AS that still
        // offers it would (FAPI 2.0 SP 5.3.2.1 forbids it).
        const body = await readBody(request);
        if (new URLSearchParams(body.toString('utf8')).get('grant_type') === 'password') {
          const accessToken = randomBytes(32).toString('base64url');
          opts.secretLedger?.(accessToken, 'access_token');
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 60, scope: 'openid' }));
          return;
        }
        request = replay(request, body);
      }
      if (url.pathname === ROUTES.token && (faults.has('code-not-bound-to-client') || faults.has('refresh-token-not-bound-to-client'))) {
        // The requesting client, for the store: read from a copy of the form, which the provider then reads in full.
        const body = await readBody(request);
        const clientId = new URLSearchParams(body.toString('utf8')).get('client_id') ?? undefined;
        return tokenRequest.run(clientId, () => providerCallback(replay(request, body), res));
      }
      return providerCallback(request, res);
    };

    handle = (req, res) => {
      if (opts.intercept?.(req, res)) return;
      route(req, res).catch((e: unknown) => {
        const tooLarge = e instanceof PayloadTooLargeError;
        if (!tooLarge) console.error(`Reference AS: unexpected error on ${req.method} ${req.url}: ${(e as Error).message}`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(tooLarge ? 413 : 500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ error: tooLarge ? 'invalid_request' : 'server_error', error_description: (e as Error).message }));
      });
    };

    const target = buildTarget({
      issuer,
      pki,
      redirectUri: opts.redirectUris[0]!,
      ...(opts.redirectUris[1] ? { secondRedirectUri: opts.redirectUris[1] } : {}),
      clientSecret,
      login: targetLogin(loginForm, layout.errorForm),
      resourcePath: RESOURCE_PATH,
      initialAccessToken,
      lifetimes: { authorizationCodeSeconds: authorizationCodeLifetimeSeconds, requestUriSeconds: requestUriLifetimeSeconds },
    });

    let closing: Promise<void> | undefined;
    return {
      issuer,
      layout: layoutName,
      target,
      close: () => (closing ??= closeServer(server)),
    };
  } catch (e) {
    await closeServer(server);
    throw e;
  }
}

/** The login part of the exported target: what a user would configure for the layout's pages. */
function targetLogin(loginForm: LoginForm, errorForm: LoginForm): TargetJson['login'] {
  const error: Record<string, string> = errorForm === 'alternate' ? { error: ALTERNATE_ERROR_SELECTOR } : {};
  if (loginForm === 'alternate') {
    return { ...LOGIN, selectors: { ...ALTERNATE_SELECTORS, ...error }, steps: [...ALTERNATE_LOGIN_STEPS], cancelSteps: [...ALTERNATE_CANCEL_STEPS] };
  }
  return errorForm === 'alternate' ? { ...LOGIN, selectors: { ...error } } : { ...LOGIN };
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

/**
 * FAPI 2.0 SP 5.3.2.1: every JWT the AS receives is refused when its iat lies more than 60 s ahead (this server allows
 * 15 s, its clock tolerance elsewhere). oidc-provider judges a DPoP proof's iat only when the proof carries no nonce
 * (RFC 9449 11.1 lets a nonce stand for freshness), and this server always demands a nonce, so the rule is checked
 * here, before the provider sees the request. Returns why the proof is refused, or undefined (no proof, a proof that is
 * not a JWT, or one dated within the tolerance: oidc-provider judges the rest).
 */
function dpopProofDatedAhead(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  let iat: unknown;
  try {
    iat = (JSON.parse(Buffer.from(header.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown }).iat;
  } catch {
    return undefined;
  }
  return typeof iat === 'number' && iat > Math.floor(Date.now() / 1000) + 15 ? 'DPoP proof iat lies in the future' : undefined;
}

/** Feeds the secret ledger (ReferenceServerOptions.secretLedger) from every response and request of the provider. */
function recordSecrets(provider: InstanceType<Awaited<ReturnType<typeof loadProvider>>['Provider']>, ledger: (secret: string, what: string) => void, fixed: { clientSecret: string; initialAccessToken: string }): void {
  ledger(fixed.clientSecret, 'client_secret');
  ledger(fixed.initialAccessToken, 'initial access token');
  provider.on('authorization_code.saved', (...args: unknown[]) => {
    const jti = (args[0] as { jti?: string } | undefined)?.jti;
    if (jti) ledger(jti, 'authorization code');
  });
  (provider as unknown as { use(mw: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): void }).use(async (ctx, next) => {
    await next();
    const assertion = (ctx.oidc?.params as { client_assertion?: unknown } | undefined)?.client_assertion;
    if (typeof assertion === 'string' && assertion) ledger(assertion, 'client assertion');
    const body = ctx.body;
    if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
      for (const k of ['access_token', 'refresh_token', 'registration_access_token', 'client_secret'] as const) {
        const v = (body as Record<string, unknown>)[k];
        if (typeof v === 'string' && v) ledger(v, k);
      }
    }
    const location = (ctx as unknown as { response: { get(name: string): string } }).response.get('location');
    if (location) {
      try {
        const code = new URL(location).searchParams.get('code');
        if (code) ledger(code, 'authorization code');
      } catch {
        // not a URL: nothing to record
      }
    }
  });
}
