/** Reading a request's body before oidc-provider does, and handing oidc-provider an unread copy. */
import { IncomingMessage } from 'node:http';

/** Well above oidc-provider's own 56 KiB body limit, so that its own "too large" error still decides. */
const MAX_BODY = 1024 * 1024;

export class PayloadTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY} bytes`);
  }
}

/** The whole body of a request, refusing (PayloadTooLargeError) more than MAX_BODY bytes. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new PayloadTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A fresh, unread copy of a request whose body was consumed here.
 *
 * oidc-provider would also take a pre-parsed `req.body`, but prints a warning
 * the first time it does (selective_body.js); handing it a readable request
 * keeps the server quiet and exercises the library's own body parser. The copy
 * shares the original socket, so the client certificate and `socket.authorized`
 * stay what the TLS handshake established.
 */
export function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const { 'transfer-encoding': _chunked, ...headers } = req.headers;
  copy.headers = { ...headers, 'content-length': String(body.length) };
  copy.rawHeaders = Object.entries(copy.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.flatMap((x) => [k, x]) : [k, String(v)]));
  copy.complete = true;
  // The body is queued up front; nothing must pull from the socket, which the HTTP parser owns.
  copy._read = () => undefined;
  copy.push(body);
  copy.push(null);
  return copy;
}
