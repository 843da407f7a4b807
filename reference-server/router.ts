/**
 * What happens to a request before oidc-provider sees it, in this order: the protected resource answers its own path;
 * the login and consent pages theirs; the registration policy judges registrations; the `guard` hooks may refuse; the
 * request rewriter (only while a rewriting fault is on) rewrites; the `router` hooks may answer or go on; oidc-provider
 * answers the rest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError } from './body';
import { chain, type ComposedHooks, type ServerFacts } from './faults/hooks';
import { RESOURCE_PATH } from './faults/resource';

export interface RouterParts {
  facts: ServerFacts;
  hooks: Pick<ComposedHooks, 'guard' | 'router'>;
  resource(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** True when it answered (a login or consent page). */
  interactions(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** The request to go on with, or undefined when it answered. */
  registration(req: IncomingMessage, res: ServerResponse, url: URL): Promise<IncomingMessage | undefined>;
  rewrite?: (req: IncomingMessage, url: URL) => Promise<IncomingMessage>;
  provider(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /** Sees every request first and may answer it itself (ReferenceServerOptions.intercept). */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export function createRouter(parts: RouterParts): (req: IncomingMessage, res: ServerResponse) => void {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', parts.facts.issuer);
    if (url.pathname === RESOURCE_PATH) return parts.resource(req, res);
    if (await parts.interactions(req, res, url)) return;
    let request = await parts.registration(req, res, url);
    for (const guard of parts.hooks.guard) {
      if (!request) return;
      request = await guard(request, res, url, parts.facts);
    }
    if (!request) return;
    if (parts.rewrite) request = await parts.rewrite(request, url);
    return chain(parts.hooks.router, async (r) => parts.provider(r, res), res, url, parts.facts)(request);
  };

  return (req, res) => {
    if (parts.intercept?.(req, res)) return;
    route(req, res).catch((e: unknown) => {
      const tooLarge = e instanceof PayloadTooLargeError;
      if (!tooLarge) console.error(`Reference AS: unexpected error on ${req.method} ${req.url}: ${(e as Error).message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(tooLarge ? 413 : 500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ error: tooLarge ? 'invalid_request' : 'server_error', error_description: (e as Error).message }));
    });
  };
}
