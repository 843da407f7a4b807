/**
 * The request-object rewriter: a request object that oidc-provider would refuse for a relaxed reason gets that reason
 * put right and is re-signed with the fault signer. Each fault puts right only its own violation.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { RegisteredClient } from '../../clients';
import type { RewriteContext } from './index';
import { decodeJws, EDDSA, rewritePkce, signedBy } from './jws';

/** EdDSA is refused from every client; accept-eddsa-from-fapi1-clients lets it through for FAPI 1.0 clients only. */
export function eddsaRelaxedFor(client: RegisteredClient, ctx: RewriteContext): boolean {
  return ctx.relaxed('accept-eddsa-from-fapi1-clients') && client.metadata.fapi_profile === '1.0 Final';
}

/** Under accept-unregistered-redirect-uri, an unregistered redirect URI becomes the client's registered one. */
export function registeredRedirect(client: RegisteredClient, value: unknown, ctx: RewriteContext): unknown {
  const registered = (client.metadata.redirect_uris as string[] | undefined) ?? [];
  return ctx.relaxed('accept-unregistered-redirect-uri') && typeof value === 'string' && !registered.includes(value) ? registered[0] : value;
}

/** The re-signed request object, or undefined when it stays as it is (nothing relaxed applies, or something unrelaxed is wrong). */
export async function rewriteRequestObject(jwt: string, outerClientId: string | null, outside: URLSearchParams, ctx: RewriteContext): Promise<string | undefined> {
  const { opts } = ctx;
  const relaxed = ctx.relaxed;
  if (jwt.split('.').length !== 3) return undefined; // encrypted or malformed: left for oidc-provider to judge
  const decoded = decodeJws(jwt);
  if (!decoded) return undefined;
  const { header, claims } = decoded;
  const clientId = outerClientId ?? (typeof claims.client_id === 'string' ? claims.client_id : claims.iss);
  const client = clientId ? opts.clients.get(clientId) : undefined;
  if (!client) return undefined;

  // What the server would refuse, each let through only by its own fault.
  const { alg } = header;
  let changed = false;
  if (alg === 'none') {
    if (!relaxed('accept-unsigned-request-object')) return undefined;
    changed = true;
  } else {
    if (alg === 'RS256') {
      if (!relaxed('accept-request-object-rs256')) return undefined;
      changed = true;
    }
    if (EDDSA.includes(String(alg))) {
      if (!eddsaRelaxedFor(client, ctx)) return undefined;
      changed = true;
    }
    // Re-signing is vouching for the content: only for what the client really signed, unless signatures are the fault.
    if (!(await signedBy(client, jwt))) {
      if (!relaxed('accept-request-object-bad-signature')) return undefined;
      changed = true;
    }
  }

  const rewritten: Record<string, unknown> = { ...claims };
  const now = Math.floor(Date.now() / 1000);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  if (relaxed('accept-request-object-without-exp') && rewritten.exp === undefined) rewritten.exp = now + 300;
  if (relaxed('accept-request-object-without-nbf') && rewritten.nbf === undefined) rewritten.nbf = now;
  if (relaxed('accept-expired-request-object') && (num(rewritten.exp) ?? Infinity) <= now) {
    rewritten.exp = now + 300;
    rewritten.nbf = Math.min(num(rewritten.nbf) ?? now, now);
  }
  if (relaxed('accept-request-object-old-nbf') && now - (num(rewritten.nbf) ?? now) > 3600) rewritten.nbf = now;
  if (relaxed('accept-request-object-future-nbf') && (num(rewritten.nbf) ?? now) > now + 15) rewritten.nbf = now;
  if (relaxed('accept-long-lived-request-object') && (num(rewritten.exp) ?? 0) - (num(rewritten.nbf) ?? now) > 3600) {
    rewritten.exp = (num(rewritten.nbf) ?? now) + 3600;
  }
  const aud = rewritten.aud;
  if (relaxed('accept-request-object-wrong-aud') && aud !== opts.issuer && !(Array.isArray(aud) && aud.includes(opts.issuer))) rewritten.aud = opts.issuer;
  rewritten.redirect_uri = registeredRedirect(client, rewritten.redirect_uri, ctx);
  if (relaxed('accept-missing-redirect-uri') && rewritten.redirect_uri === undefined) {
    rewritten.redirect_uri = (client.metadata.redirect_uris as string[] | undefined)?.[0];
  }
  if (relaxed('accept-request-object-without-scope') && rewritten.scope === undefined) rewritten.scope = 'openid';
  if (relaxed('accept-request-object-without-nonce') && rewritten.nonce === undefined) rewritten.nonce = randomBytes(16).toString('base64url');
  const openid = typeof rewritten.scope === 'string' && rewritten.scope.split(' ').includes('openid');
  if (relaxed('accept-missing-state-without-openid') && !openid && rewritten.state === undefined) rewritten.state = randomBytes(16).toString('base64url');
  if (relaxed('accept-plain-pkce')) rewritePkce({ get: (k) => rewritten[k], set: (k, v) => (rewritten[k] = v) });
  if (relaxed('accept-request-uri-in-request-object')) delete rewritten.request_uri;
  if (relaxed('prefer-outside-parameters')) {
    for (const k of ['state', 'nonce']) {
      const v = outside.get(k);
      if (v !== null) rewritten[k] = v;
    }
  }
  if (relaxed('accept-non-code-response-types') && rewritten.response_type === 'token') rewritten.response_type = 'code id_token';
  changed ||= JSON.stringify(rewritten) !== JSON.stringify(claims);
  if (!changed) return undefined;

  const signer = opts.signers[client.alg];
  return new SignJWT(rewritten as JWTPayload)
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...(header.typ ? { typ: header.typ } : {}) })
    .sign(signer.privateKey);
}
