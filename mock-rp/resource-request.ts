import { DpopSession } from './dpop';
import { retryWithDpopNonce } from './dpop-retry';
import type { HttpExchange } from './http';
import { generateSigningKey } from './keys';
import type { RelyingParty } from './rp';
import type { ResourceTamper } from './tampers';

/** Calls a protected resource with a sender-constrained access token (RFC 8705 3, RFC 9449 7). */
export async function callResource(rp: RelyingParty, url: string, accessToken: string, tamper: ResourceTamper = {}): Promise<HttpExchange> {
  const identity = tamper.certificate ?? rp.identity;
  const target = new URL(url);
  if (tamper.tokenInQuery) target.searchParams.set('access_token', accessToken);
  const send = async (label: string) => {
    const headers: Record<string, string> = { ...tamper.headers };
    if (rp.variant.senderConstraint === 'dpop') {
      const session = tamper.foreignDpopKey ? new DpopSession(await generateSigningKey('ES256')) : await rp.dpop();
      const nonce = rp.dpopNonceFor(url);
      if (nonce) session.rememberNonce(url, nonce);
      headers.authorization = `${tamper.scheme ?? 'DPoP'} ${accessToken}`;
      if (!tamper.omitDpop) headers.dpop = tamper.proof ?? (await session.proof('GET', tamper.htu ?? url, accessToken, tamper.dpop));
    } else {
      headers.authorization = `${tamper.scheme ?? 'Bearer'} ${accessToken}`;
    }
    if (tamper.tokenInQuery) delete headers.authorization;
    return rp.http.send({ method: 'GET', url: target.toString(), headers, identity, label });
  };
  const exchange = await send('resource');
  if (tamper.noNonceRetry) return exchange;
  return retryWithDpopNonce(rp, exchange, () => send('resource (DPoP nonce retry)'));
}
