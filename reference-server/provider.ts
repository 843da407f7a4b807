/** Loading oidc-provider, and the two ways the server adds to a provider's own responses. */
import type { KoaContextWithOIDC, Provider as ProviderType, errors as providerErrors, interactionPolicy as providerPolicy } from 'oidc-provider';
import type { ComposedHooks } from './faults/hooks';

export type ProviderModule = { Provider: typeof ProviderType; errors: typeof providerErrors; interactionPolicy: typeof providerPolicy };
let providerModule: Promise<ProviderModule> | undefined;

/**
 * oidc-provider 9 prints "Unsupported runtime" when evaluated on Node 20, which it still works on (it needs
 * `URL.parse` and `crypto.hash`, both present from Node 20.19). The message is printed once at module evaluation, so
 * it is filtered out exactly there and nowhere else.
 */
export function loadProvider(): Promise<ProviderModule> {
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

export type ProviderInstance = InstanceType<ProviderModule['Provider']>;
type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

/** Adds a Koa middleware to the provider's own stack (its typings do not expose `use`). */
export function useMiddleware(provider: ProviderInstance, middleware: Middleware): void {
  (provider as unknown as { use(mw: Middleware): void }).use(middleware);
}

/** Installs the `discovery` and `jwks` hooks: they change what the metadata and the JWK set say, after oidc-provider has built them. */
export function amendPublications(provider: ProviderInstance, hooks: Pick<ComposedHooks, 'discovery' | 'jwks'>, jwksPath: string): void {
  if (hooks.discovery.length) {
    useMiddleware(provider, async (ctx, next) => {
      await next();
      if (ctx.path !== '/.well-known/openid-configuration' || !ctx.body || typeof ctx.body !== 'object') return;
      for (const amend of hooks.discovery) amend(ctx.body as Record<string, unknown>);
    });
  }
  const extraKeys = hooks.jwks.flatMap((keys) => keys());
  if (extraKeys.length) {
    useMiddleware(provider, async (ctx, next) => {
      await next();
      const body = ctx.body as { keys?: unknown[] } | undefined;
      if (ctx.path === jwksPath && body && Array.isArray(body.keys)) body.keys = [...body.keys, ...extraKeys];
    });
  }
}
