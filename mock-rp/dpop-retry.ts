import type { DpopSession } from './dpop';
import type { HttpExchange } from './http';
import type { Variant } from './rp';

/** RFC 9449 8: when the server asks for a nonce, remember it and send the request once more. */
export async function retryWithDpopNonce(rp: { variant: Variant; dpop(): Promise<DpopSession> }, exchange: HttpExchange, retry: () => Promise<HttpExchange>): Promise<HttpExchange> {
  if (rp.variant.senderConstraint !== 'dpop') return exchange;
  const nonce = exchange.response.headers['dpop-nonce'];
  const session = await rp.dpop();
  session.rememberNonce(exchange.request.url, nonce);
  const body = exchange.response.json as { error?: string } | undefined;
  const wwwAuth = exchange.response.headers['www-authenticate'] ?? '';
  const asksForNonce = body?.error === 'use_dpop_nonce' || /error="use_dpop_nonce"/.test(wwwAuth);
  if (!asksForNonce || !nonce) return exchange;
  const again = await retry();
  session.rememberNonce(again.request.url, again.response.headers['dpop-nonce']);
  return again;
}
