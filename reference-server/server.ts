/**
 * The bundled reference authorization server: oidc-provider 9 configured for FAPI 1.0 Advanced and FAPI 2.0 (Security
 * Profile and Message Signing), over HTTPS with client-certificate requests, with a sender-constrained protected
 * resource, and with named faults (faults/) that each relax one check so that the harness can prove its negative tests
 * fail when the AS misbehaves.
 *
 * This module puts the parts together: the TLS listener (tls.ts), the provider configuration (configuration.ts), the
 * router in front of oidc-provider (router.ts), the exported target (target.ts) and the secret ledger (secrets.ts),
 * each with the hooks of the active faults (faults/hooks.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { MemoryStore } from './adapter';
import { SERVER_SIGNING_ALGS } from './algorithms';
import { buildClients, type ClientFaultOptions, type JarmMode, type TargetJson } from './clients';
import { JWKS_PATH, LOGIN, providerConfiguration, ROUTES } from './configuration';
import { CATALOGUE, parseFaultNames, type FaultName } from './faults/index';
import { composeHooks, type ServerFacts } from './faults/hooks';
import { createRegistrationGuard } from './faults/registration';
import { createResourceHandler } from './faults/resource';
import { createFaultSigners, createRequestRewriter } from './faults/rewrite/index';
import { codeRedirectUriIn, parOwnerIn } from './faults/rewrite/lookups';
import type { LoginForm } from './html';
import { createInteractionHandler } from './interactions';
import { LAYOUTS, type LayoutName } from './layouts';
import { loadPki } from './pki-files';
import { amendPublications, loadProvider } from './provider';
import { createRouter } from './router';
import { recordSecrets } from './secrets';
import { exportTarget } from './target';
import { closeServer, createTlsServer, listen, TLS_POLICY } from './tls';

export type { JarmMode, TargetClient, TargetJson, TargetVariant, VariantName } from './clients';
export { LAYOUT_NAMES, parseLayout, type LayoutName } from './layouts';
export { FAULTS, isFaultName, parseFaultNames, type FaultName } from './faults/index';
export { LOGIN } from './configuration';

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

export interface ReferenceServer {
  issuer: string;
  layout: LayoutName;
  target: TargetJson;
  close(): Promise<void>;
}

export async function startReferenceServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  const faults = new Set(parseFaultNames(opts.faults ?? []));
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
  const hooks = composeHooks(CATALOGUE, faults);

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'Retry-After': '1' }).end();
  };
  let server: Server;
  try {
    const tls = hooks.tls.reduce((policy, relax) => relax(policy), TLS_POLICY);
    // Both server certificates (EC and RSA), so that TLS 1.2's *_RSA suites can be negotiated; a certificate given instead stands alone.
    const material = opts.tlsCertificate ? { key: opts.tlsCertificate.key, cert: opts.tlsCertificate.cert } : { key: [pki.serverKey, pki.serverRsa.key], cert: [pki.serverCert, pki.serverRsa.cert] };
    server = createTlsServer({ ...material, ca: pki.ca }, tls, (req, res) => handle(req, res));
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
    const store = new MemoryStore();
    let provider: InstanceType<typeof Provider> | undefined;
    const facts: ServerFacts = {
      issuer,
      routes: ROUTES,
      serverCert: pki.serverCert,
      errors,
      ...(opts.secretLedger ? { secretLedger: opts.secretLedger } : {}),
      known: {
        client: async (id) => !!(await provider?.Client.find(id).catch(() => undefined)),
        requestUri: async (uri) => {
          const prefix = 'urn:ietf:params:oauth:request_uri:';
          return uri.startsWith(prefix) && !!(await store.adapter('PushedAuthorizationRequest').find(uri.slice(prefix.length)));
        },
      },
    };
    // The rewriter re-signs requests with keys of its own, registered for every client while it runs.
    const rewriting = hooks.engine.includes('rewrite') || hooks.tokenParams.length > 0;
    const signers = rewriting ? await createFaultSigners() : undefined;
    const clientFaults: ClientFaultOptions = Object.assign({}, ...hooks.clients);
    const clients = buildClients({
      pki,
      redirectUris: opts.redirectUris,
      clientSecret,
      extraKeys: signers ? [signers.PS256.publicJwk, signers.ES256.publicJwk] : [],
      ...clientFaults,
      ...(jarmModes ? { jarmModes } : {}),
    });
    const requestUriLifetimeSeconds = opts.requestUriLifetimeSeconds ?? layout.requestUriLifetimeSeconds;
    const authorizationCodeLifetimeSeconds = opts.authorizationCodeLifetimeSeconds ?? layout.authorizationCodeLifetimeSeconds;
    const storeFacts = { requestUriLifetimeSeconds };

    const configuration = providerConfiguration({
      facts,
      layout,
      hooks,
      clients: [...clients.values()].map((c) => c.metadata),
      clientSecret,
      initialAccessToken,
      redirectUris: opts.redirectUris,
      jwks: pki.asJwks,
      adapter: (model) => hooks.store.reduce((adapter, wrap) => wrap(model, adapter, storeFacts), store.adapter(model)),
      authorizationCodeLifetimeSeconds,
      outboundCa: pki.ca,
      interactionPolicy,
    });
    provider = new Provider(issuer, configuration);
    provider.on('server_error', (ctx, err) => {
      console.error(`Reference AS: server_error on ${ctx.method} ${ctx.path}: ${err.message}`);
    });
    amendPublications(provider, hooks, JWKS_PATH);
    if (opts.secretLedger) recordSecrets(provider, opts.secretLedger, { clientSecret, initialAccessToken });
    // oidc-provider has no setting for the request_uri lifetime (up to 60 s); the stored expiry is shortened in the
    // adapter (faults/store.ts) and the response says so. The event fires after the body is set, before it is sent.
    provider.on('pushed_authorization_request.success', (...args: unknown[]) => {
      const body = (args[0] as KoaContextWithOIDC).body as { expires_in?: number };
      if (typeof body.expires_in === 'number') body.expires_in = Math.min(body.expires_in, requestUriLifetimeSeconds);
    });
    for (const amend of hooks.provider) amend(provider, facts);

    // Static clients are only validated when first used; a bad registration must stop the start, not fail a test later.
    for (const id of clients.keys()) {
      try {
        await provider.Client.find(id);
      } catch (e) {
        const description = (e as { error_description?: string }).error_description ?? (e as Error).message;
        throw new Error(`client ${id} is misconfigured: ${description}`);
      }
    }

    handle = createRouter({
      facts,
      hooks,
      resource: createResourceHandler({ provider, realm: issuer, relaxed: faults }),
      interactions: createInteractionHandler(provider, LOGIN, loginForm, layout.errorForm),
      registration: createRegistrationGuard({ relaxed: faults, store, signingAlgs: SERVER_SIGNING_ALGS, defaultAuthMethod: 'private_key_jwt' }),
      ...(signers
        ? {
            rewrite: createRequestRewriter({
              relaxed: faults,
              issuer,
              clients,
              signers,
              paths: [ROUTES.authorization, ROUTES.pushed_authorization_request, ROUTES.token],
              parPath: ROUTES.pushed_authorization_request,
              tokenPath: ROUTES.token,
              decryptionKeys: (pki.asJwks.keys as Record<string, unknown>[]).filter((k) => k.use === 'enc'),
              tokenParams: hooks.tokenParams,
              parOwner: parOwnerIn(store),
              codeRedirectUri: codeRedirectUriIn(store),
            }),
          }
        : {}),
      provider: provider.callback(),
      ...(opts.intercept ? { intercept: opts.intercept } : {}),
    });

    const target = exportTarget({
      issuer,
      pki,
      redirectUris: opts.redirectUris,
      clientSecret,
      initialAccessToken,
      loginForm,
      errorForm: layout.errorForm,
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
