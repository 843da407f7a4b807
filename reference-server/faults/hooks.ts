/**
 * The hook points a fault may use, and how the server composes the hooks of the active faults.
 *
 * A fault is `{ relaxes, ...hooks }`: `relaxes` says what the server then accepts or does (docs/faults.md is generated
 * from it), and each hook changes the server at one point. Hooks of several faults at one point run in catalogue order
 * (faults/index.ts), and a hook function shared by two faults runs once. `strict` holds checks of the server's own
 * (ones oidc-provider lacks) that the fault removes: they are installed while the fault is off, so that the check and
 * the fault that relaxes it are read in one module.
 *
 * | hook | when it runs | what it may do |
 * | --- | --- | --- |
 * | `tls` | creating the HTTPS server | change the TLS versions, cipher suites and DHE group |
 * | `clients` | registering the static clients | relax their metadata (clients.ts `ClientFaultOptions`) |
 * | `configuration` | building the provider configuration | amend it (`ttl`, `pkce`, `features.mTLS` callbacks, ...) |
 * | `clientAssertion`, `requestObject` | oidc-provider's JWT claim hooks | add a check of claims (usually as `strict`) |
 * | `provider` | once the provider exists | patch a per-provider class (e.g. `provider.Client.prototype`) |
 * | `discovery` | each discovery response | amend the metadata body |
 * | `jwks` | once at start | publish more public keys in the server's JWK set |
 * | `guard` | each request, before the rewriter | answer it (return undefined) or pass it on |
 * | `router` | each request, after the rewriter, before oidc-provider | answer it, or call `next` with a request |
 * | `store` | each adapter oidc-provider asks for | wrap it (what is kept, found or consumed) |
 * | `tokenParams` | rewriting a token request's form | change it; returns whether it did |
 * | `engine` | always | names the module whose own checks read this fault: `rewrite` (faults/rewrite/), `resource`, `registration` |
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Adapter, Configuration, KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { ClientFaultOptions } from '../clients';

export interface TlsPolicy {
  minVersion: 'TLSv1' | 'TLSv1.2';
  ciphers: string;
  /** Diffie-Hellman group for the DHE suites: 'auto' (a well-known group as strong as the server key) or PEM DH parameters. */
  dhparam: 'auto' | string;
}

/** What hooks may read about the server being built. */
export interface ServerFacts {
  issuer: string;
  /** oidc-provider's path of each endpoint. */
  routes: { authorization: string; pushed_authorization_request: string; token: string };
  /** The server certificate, which a lax server binds tokens to when the client presents none. */
  serverCert: string;
  /** oidc-provider's error classes (the module is loaded at start). */
  errors: { InvalidClientAuth: new (description: string) => Error; InvalidRequestObject: new (description: string) => Error };
  /** Told every secret the server issues (ReferenceServerOptions.secretLedger). */
  secretLedger?: (secret: string, what: string) => void;
  /** Lookups in the running server, for hooks that act on requests. */
  known: {
    /** Whether a client is registered. */
    client(clientId: string): Promise<boolean>;
    /** Whether a pushed request_uri is live (whoever pushed it). */
    requestUri(requestUri: string): Promise<boolean>;
  };
}

export type JwtClaimsCheck = (ctx: KoaContextWithOIDC, claims: Record<string, unknown>, server: ServerFacts) => void;
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL, server: ServerFacts) => Promise<IncomingMessage | undefined>;
export type RouterHook = (req: IncomingMessage, res: ServerResponse, url: URL, next: (req: IncomingMessage) => Promise<void>, server: ServerFacts) => Promise<void>;
export type StoreHook = (model: string, adapter: Adapter, server: StoreFacts) => Adapter;

export interface StoreFacts {
  /** The request_uri lifetime the server advertises and enforces (oidc-provider alone always uses up to 60 s). */
  requestUriLifetimeSeconds: number;
}

export interface FaultHooks {
  tls?: (policy: TlsPolicy) => TlsPolicy;
  clients?: ClientFaultOptions;
  configuration?: (config: Configuration, server: ServerFacts) => void;
  clientAssertion?: JwtClaimsCheck;
  requestObject?: JwtClaimsCheck;
  provider?: (provider: Provider, server: ServerFacts) => void;
  discovery?: (metadata: Record<string, unknown>) => void;
  jwks?: () => Record<string, unknown>[];
  guard?: RequestHandler;
  router?: RouterHook;
  store?: StoreHook;
  tokenParams?: (params: URLSearchParams) => boolean;
  engine?: 'rewrite' | 'resource' | 'registration';
}

export interface Fault extends FaultHooks {
  /** What the server then accepts or does: one line of docs/faults.md. */
  relaxes: string;
  /** The server's own check that this fault removes: installed while the fault is off. */
  strict?: FaultHooks;
}

/** The hooks of every point, in the order given, each function once. */
export type ComposedHooks = { [K in keyof FaultHooks]-?: NonNullable<FaultHooks[K]>[] };

const POINTS = ['tls', 'clients', 'configuration', 'clientAssertion', 'requestObject', 'provider', 'discovery', 'jwks', 'guard', 'router', 'store', 'tokenParams', 'engine'] as const satisfies readonly (keyof FaultHooks)[];

/** The hooks the server installs: each active fault's own, and each inactive fault's `strict` ones. */
export function composeHooks(catalogue: Readonly<Record<string, Fault>>, active: ReadonlySet<string>): ComposedHooks {
  const out = Object.fromEntries(POINTS.map((p) => [p, [] as unknown[]])) as Record<(typeof POINTS)[number], unknown[]>;
  for (const [name, fault] of Object.entries(catalogue)) {
    const hooks: FaultHooks | undefined = active.has(name) ? fault : fault.strict;
    if (!hooks) continue;
    for (const p of POINTS) {
      const h = hooks[p];
      if (h !== undefined && !out[p].includes(h)) out[p].push(h);
    }
  }
  return out as unknown as ComposedHooks;
}

/** Runs `hooks` around `last`, the first outermost (a router hook calls `next` to go on). */
export function chain(hooks: readonly RouterHook[], last: (req: IncomingMessage) => Promise<void>, res: ServerResponse, url: URL, server: ServerFacts): (req: IncomingMessage) => Promise<void> {
  return hooks.reduceRight<(req: IncomingMessage) => Promise<void>>((next, hook) => (req) => hook(req, res, url, next, server), last);
}
