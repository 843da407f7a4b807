import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { JWK } from 'jose';

export interface CallbackServerOptions {
  host?: string;
  port?: number;
  /** TLS certificate and key of the server (redirect URIs are https under FAPI). */
  tls: { cert: string; key: string };
  /** Public JWKS served at /jwks/<name>, the clients' jwks_uri. */
  jwks?: Record<string, { keys: JWK[] }>;
  path?: string;
}

export interface CallbackServer {
  /** https://localhost:PORT */
  origin: string;
  redirectUri: string;
  jwksUri(name: string): string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page the browser lands on. The harness reads the query and fragment from the URL and form_post parameters
 * from a data attribute; the visible text names only the parameters, so that screenshots carry no code or token. */
function callbackPage(formParams: Record<string, string> | undefined): string {
  const form = formParams ? escapeHtml(JSON.stringify(formParams)) : '{}';
  return `<!doctype html><html><head><meta charset="utf-8"><title>mock RP callback</title></head>
<body><h1>Mock relying party: authorization response received</h1>
<pre id="callback" data-form="${form}"></pre>
<script>
  const names = (s) => [...new URLSearchParams(s).keys()].join(', ') || '-';
  const form = Object.keys(JSON.parse(document.getElementById('callback').dataset.form)).join(', ') || '-';
  document.getElementById('callback').textContent =
    'query: ' + names(location.search) + ' / fragment: ' + names(location.hash.slice(1)) + ' / form_post: ' + form;
  document.body.dataset.ready = 'true';
</script></body></html>`;
}

/** Serves the redirect_uri and the clients' jwks_uri. */
export async function startCallbackServer(opts: CallbackServerOptions): Promise<CallbackServer> {
  const path = opts.path ?? '/cb';
  const app: FastifyInstance = Fastify({ https: { cert: opts.tls.cert, key: opts.tls.key }, logger: false, forceCloseConnections: true });
  await app.register(formbody);
  app.get(path, async (_req, reply) => reply.type('text/html').header('cache-control', 'no-store').send(callbackPage(undefined)));
  app.post(path, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    return reply.type('text/html').header('cache-control', 'no-store').send(callbackPage(body));
  });
  app.get<{ Params: { name: string } }>('/jwks/:name', async (req, reply) => {
    const jwks = opts.jwks?.[req.params.name];
    if (!jwks) return reply.code(404).send({ error: 'unknown jwks' });
    return reply.send(jwks);
  });
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const origin = `https://localhost:${port}`;
  return {
    origin,
    redirectUri: `${origin}${path}`,
    jwksUri: (name) => `${origin}/jwks/${name}`,
    close: () => app.close(),
  };
}
