import { clientAuthentication } from './client-auth';
import { twoDpopProofs } from './dpop';
import { retryWithDpopNonce } from './dpop-retry';
import type { HttpExchange } from './http';
import { NO_CERTIFICATE } from './http';
import type { RelyingParty } from './rp';
import type { TokenTamper } from './tampers';

/** A request to the token endpoint for `grant`, with the client's authentication and sender constraint (RFC 6749 3.2). */
export async function tokenRequest(rp: RelyingParty, grant: Record<string, string>, tamper: TokenTamper, label: string): Promise<HttpExchange> {
  const tokenEndpoint = rp.endpoint('token_endpoint');
  const build = async () => {
    const auth = await clientAuthentication(rp.client, rp.issuer, tamper.secretAuth, tamper.clientAssertion);
    let form: Record<string, string> = { ...grant, ...auth.form };
    for (const k of tamper.omit ?? []) delete form[k];
    form = { ...form, ...tamper.set };
    const headers: Record<string, string | string[]> = { ...auth.headers };
    if (rp.variant.senderConstraint === 'dpop' && !tamper.omitDpop) {
      const session = await rp.dpop();
      const proof = await session.proof('POST', tokenEndpoint, undefined, tamper.dpop);
      headers.dpop = tamper.twoDpopProofs ? twoDpopProofs(proof, await session.proof('POST', tokenEndpoint), tamper.twoDpopProofs) : proof;
    }
    return { form, headers };
  };
  const identity = tamper.certificate ?? (tamper.secretAuth ? NO_CERTIFICATE : rp.identity);
  const first = await build();
  const exchange = await rp.http.send({ method: 'POST', url: tokenEndpoint, ...first, identity, label });
  return retryWithDpopNonce(rp, exchange, async () => {
    const again = await build();
    return rp.http.send({ method: 'POST', url: tokenEndpoint, ...again, identity, label: `${label} (DPoP nonce retry)` });
  });
}
