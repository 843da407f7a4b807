/** The secret ledger (ReferenceServerOptions.secretLedger): every secret the server issues or receives, for the self-test's scan of the reports. */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { useMiddleware, type ProviderInstance } from './provider';

/** Feeds the ledger from every response and request of the provider. */
export function recordSecrets(provider: ProviderInstance, ledger: (secret: string, what: string) => void, fixed: { clientSecret: string; initialAccessToken: string }): void {
  ledger(fixed.clientSecret, 'client_secret');
  ledger(fixed.initialAccessToken, 'initial access token');
  provider.on('authorization_code.saved', (...args: unknown[]) => {
    const jti = (args[0] as { jti?: string } | undefined)?.jti;
    if (jti) ledger(jti, 'authorization code');
  });
  useMiddleware(provider, async (ctx: KoaContextWithOIDC, next) => {
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
