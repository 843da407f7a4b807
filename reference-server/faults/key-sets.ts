/**
 * The faults of the server's JWK set and of the JOSE headers of what it signs (FAPI 2.0 SP 5.4.2, FAPI 1.0 Advanced
 * 8.9). Each changes only what is published or how a JWT's header reads: the server's own keys and signatures stay
 * valid, so every flow still completes.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { JWKS_PATH } from '../configuration';
import { useMiddleware } from '../provider';
import type { Fault } from './hooks';

type Jwk = Record<string, unknown>;

/** A fresh public key of the other key type than `key`, to publish under its kid (it signs nothing). */
function otherTypeKey(key: Jwk): Jwk {
  if (key.kty === 'EC') return { ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Jwk), use: 'sig', alg: 'PS256' };
  return { ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Jwk), use: 'sig', alg: 'ES256' };
}

export const KEY_SET_FAULTS = {
  'jwks-duplicate-kid': {
    relaxes:
      "the server's JWK set also publishes a key of the other key type under the kid of its first signing key (an EC P-256 key beside an RSA one); it signs nothing, and a verifier that picks keys by kid and key type still finds the right one",
    provider: (provider) => {
      let extra: Jwk | undefined;
      useMiddleware(provider, async (ctx: KoaContextWithOIDC, next) => {
        await next();
        const body = ctx.body as { keys?: Jwk[] } | undefined;
        if (ctx.path !== JWKS_PATH || !body || !Array.isArray(body.keys)) return;
        const signing = body.keys.find((k) => typeof k.kid === 'string' && (k.use === undefined || k.use === 'sig'));
        if (!signing) return;
        extra ??= { ...otherTypeKey(signing), kid: signing.kid };
        body.keys = [...body.keys, extra];
      });
    },
  },
} satisfies Record<string, Fault>;
