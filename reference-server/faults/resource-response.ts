/**
 * How the bundled resource shapes its answers (FAPI 1.0 Part 1 6.2.1, items 8 to 11 and 13), and the faults that each
 * break one of those rules. The resource handler (../resource.ts) calls `beginResourceAnswer` first and writes its JSON
 * with `sendResourceJson`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const RESOURCE_RESPONSE_FAULTS = {
  'resource-no-interaction-id': 'the resource answers without x-fapi-interaction-id: it neither echoes the client\'s value nor makes one up',
  'resource-no-date-header': 'the resource answers without a Date header',
  'resource-json-mislabelled': 'the resource labels its JSON answers Content-Type: text/plain',
  'resource-not-utf8': 'the resource encodes its JSON answers in ISO-8859-1 (and says so in the Content-Type charset)',
  'resource-refuses-customer-ip': 'the resource refuses any call that carries an x-fapi-customer-ip-address header (HTTP 400)',
} as const;
export type ResourceResponseFault = keyof typeof RESOURCE_RESPONSE_FAULTS;

/**
 * Sets the headers every answer carries and, under `resource-refuses-customer-ip`, refuses the call itself.
 * @returns false when the answer has been sent already.
 */
export function beginResourceAnswer(req: IncomingMessage, res: ServerResponse, relaxed: ReadonlySet<string>): boolean {
  // Node's HTTP server adds Date itself (RFC 7231 7.1.1.2); the fault turns it off.
  if (relaxed.has('resource-no-date-header')) res.sendDate = false;
  if (!relaxed.has('resource-no-interaction-id')) {
    const sent = req.headers['x-fapi-interaction-id'];
    res.setHeader('x-fapi-interaction-id', typeof sent === 'string' && sent ? sent : randomUUID());
  }
  if (relaxed.has('resource-refuses-customer-ip') && req.headers['x-fapi-customer-ip-address'] !== undefined) {
    sendResourceJson(res, 400, { error: 'invalid_request', error_description: 'x-fapi-customer-ip-address is not accepted' }, relaxed);
    return false;
  }
  return true;
}

/** Writes a JSON answer: application/json in UTF-8, unless a fault says otherwise. */
export function sendResourceJson(res: ServerResponse, status: number, body: unknown, relaxed: ReadonlySet<string>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const latin1 = relaxed.has('resource-not-utf8');
  const type = relaxed.has('resource-json-mislabelled') ? 'text/plain' : 'application/json';
  res.writeHead(status, { ...headers, 'Content-Type': latin1 ? `${type}; charset=iso-8859-1` : type });
  res.end(Buffer.from(text, latin1 ? 'latin1' : 'utf8'));
}
