/**
 * The faults of the server's JWK set and of the JOSE headers of what it signs (FAPI 2.0 SP 5.4.2, FAPI 1.0 Advanced
 * 8.9). Each changes only what is published or how a JWT's header reads: the server's own keys and signatures stay
 * valid, so every flow still completes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { CompactSign, importJWK, type JWK } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { JWKS_PATH } from '../configuration';
import { useMiddleware } from '../provider';
import type { Fault, ServerFacts } from './hooks';

type Jwk = Record<string, unknown>;

/** The server's private keys, by server (the configuration hook sees them; the provider hook signs with them). */
const PRIVATE_KEYS = new WeakMap<ServerFacts, readonly Jwk[]>();

/**
 * `jwt` signed again with `extra` added to its protected header, by the same private key (found by the header's kid),
 * so that its signature stays valid under the published key. A JWE, or a JWS whose key is not at hand, is returned as
 * it was.
 */
async function withHeader(jwt: string, extra: Jwk, keys: readonly Jwk[]): Promise<string> {
  const parts = jwt.split('.');
  if (parts.length !== 3) return jwt;
  const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Jwk;
  const jwk = keys.find((k) => k.kid === header.kid && typeof k.d === 'string');
  if (!jwk || typeof header.alg !== 'string') return jwt;
  const key = await importJWK(jwk as JWK, header.alg);
  return new CompactSign(Buffer.from(parts[1]!, 'base64url')).setProtectedHeader({ ...header, ...extra, alg: header.alg }).sign(key);
}

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
  'jwt-header-jku': {
    relaxes:
      "the ID tokens and JARM responses the server signs carry a jku header naming its own jwks_uri (signed again with the same key, so that their signatures stay valid)",
    configuration: (config, facts) => {
      PRIVATE_KEYS.set(facts, [...((config.jwks as { keys?: Jwk[] } | undefined)?.keys ?? [])]);
    },
    provider: (provider, facts) => {
      const jku = `${facts.issuer.replace(/\/$/, '')}${JWKS_PATH}`;
      const proto = provider.IdToken.prototype;
      const issue = proto.issue;
      proto.issue = async function issueWithJku(this: unknown, options) {
        const jwt = await issue.call(this, options);
        if (options.use !== 'idtoken' && options.use !== 'authorization') return jwt;
        return withHeader(jwt, { jku }, PRIVATE_KEYS.get(facts) ?? []);
      };
    },
  },
} satisfies Record<string, Fault>;
