/**
 * The client-assertion rewriter, at the token and PAR endpoints: a private_key_jwt assertion that oidc-provider would
 * refuse for the relaxed reason gets that reason put right and is re-signed with the fault signer, which is registered
 * for every client while a rewriting fault is on. The client is the one the assertion's sub, iss or the client_id names
 * whose keys verify its signature (any of them, under accept-client-assertion-bad-signature).
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { SERVER_SIGNING_ALGS } from '../../algorithms';
import type { RegisteredClient } from '../../clients';
import type { RewriteContext } from './index';
import { decodeJws, EDDSA, signedBy } from './jws';
import { eddsaRelaxedFor } from './request-object';

/** Whether the form was changed. */
export async function rewriteClientAuth(params: URLSearchParams, ctx: RewriteContext): Promise<boolean> {
  const { opts } = ctx;
  const relaxed = ctx.relaxed;
  const assertion = params.get('client_assertion');
  const now = Math.floor(Date.now() / 1000);
  const sign = (client: RegisteredClient, claims: JWTPayload) => {
    const signer = opts.signers[client.alg];
    return new SignJWT(claims).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey);
  };
  if (assertion === null) {
    const client = opts.clients.get(params.get('client_id') ?? '');
    if (!relaxed('accept-missing-client-assertion') || !client || client.metadata.token_endpoint_auth_method !== 'private_key_jwt' || params.has('client_secret')) return false;
    const id = params.get('client_id')!;
    params.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    params.set('client_assertion', await sign(client, { iss: id, sub: id, aud: opts.issuer, jti: randomBytes(16).toString('base64url'), iat: now, exp: now + 60 }));
    return true;
  }
  const decoded = decodeJws(assertion);
  if (!decoded) return false;
  const { header, claims } = decoded;
  const eddsa = EDDSA.includes(String(header.alg));
  if (header.alg === 'RS256' && !relaxed('accept-client-assertion-rs256')) return false;
  if (header.alg !== 'RS256' && !eddsa && !SERVER_SIGNING_ALGS.includes(String(header.alg))) return false;
  const named = [claims.sub, claims.iss, params.get('client_id')].filter((v): v is string => typeof v === 'string' && opts.clients.has(v));
  let clientId: string | undefined;
  for (const id of named) {
    if (await signedBy(opts.clients.get(id)!, assertion)) {
      clientId = id;
      break;
    }
  }
  const verified = clientId !== undefined;
  if (!verified && !relaxed('accept-client-assertion-bad-signature')) return false;
  clientId ??= named[0];
  if (!clientId) return false;
  const client = opts.clients.get(clientId)!;
  if (eddsa && !eddsaRelaxedFor(client, ctx)) return false;

  let changed = header.alg === 'RS256' || eddsa || !verified;
  const rewritten: JWTPayload = { ...claims };
  if (relaxed('client-assertion-sub-not-checked') && rewritten.sub !== clientId) rewritten.sub = clientId;
  if (relaxed('client-assertion-iss-not-checked') && rewritten.iss !== clientId) rewritten.iss = clientId;
  const accepted = [opts.issuer, `${opts.issuer}${opts.tokenPath}`, `${opts.issuer}${opts.parPath}`];
  const aud = rewritten.aud;
  if (relaxed('client-assertion-aud-not-checked') && !(Array.isArray(aud) ? aud.some((a) => accepted.includes(a)) : accepted.includes(String(aud)))) rewritten.aud = opts.issuer;
  if (relaxed('accept-expired-client-assertion') && typeof rewritten.exp === 'number' && rewritten.exp <= now) rewritten.exp = now + 60;
  if (relaxed('client-assertion-nbf-not-checked') && typeof rewritten.nbf === 'number' && rewritten.nbf > now + 15) rewritten.nbf = now;
  changed ||= JSON.stringify(rewritten) !== JSON.stringify(claims);
  if (relaxed('client-id-not-matched') && params.has('client_id') && params.get('client_id') !== clientId) {
    params.set('client_id', clientId);
    if (!changed) return true;
  }
  if (!changed) return false;
  params.set('client_assertion', await sign(client, rewritten));
  return true;
}
