/**
 * Login and consent pages. oidc-provider's devInteractions would render
 * pages with the same field names, but they accept any password, so a test
 * that signs in with wrong credentials could not fail. These check the
 * password and otherwise mirror devInteractions (login, consent, cancel link
 * that ends the request with access_denied).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Interaction, Provider } from 'oidc-provider';
import { consentPage, errorPage, LOGIN_FIELDS, loginPage, type LoginForm } from './html';

export interface Credentials {
  username: string;
  password: string;
}

const MAX_FORM = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // A form without fields may arrive without a content type; anything else must be a plain HTML form post.
  if (type && type !== 'application/x-www-form-urlencoded') throw new UserError('expected a form submission');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM) throw new UserError('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A problem with what the browser sent, shown on the error page as invalid_request rather than as a server error. */
class UserError extends Error {}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

function isSessionNotFound(e: unknown): boolean {
  return e instanceof Error && (e.name === 'SessionNotFound' || (e as { error?: string }).error === 'invalid_request');
}

/**
 * Handles `/interaction/:uid[/login|/confirm|/abort]`.
 * @returns false when the path is not an interaction path, so the caller can hand the request on.
 */
export function createInteractionHandler(
  provider: Provider,
  credentials: Credentials,
  form: LoginForm = 'default',
  errorForm: LoginForm = 'default',
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const fields = LOGIN_FIELDS[form];
  async function details(req: IncomingMessage, res: ServerResponse, uid: string): Promise<Interaction> {
    const interaction = await provider.interactionDetails(req, res);
    // The interaction cookie decides which request is in progress; a stale page from another attempt must not act on it.
    if (interaction.uid !== uid) throw new UserError('this page belongs to another authorization request');
    return interaction;
  }

  async function showPrompt(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const interaction = await details(req, res, uid);
    const clientId = interaction.params.client_id;
    switch (interaction.prompt.name) {
      case 'login': {
        const hint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : undefined;
        send(res, 200, loginPage({ uid, clientId, failed: false, form, ...(hint ? { loginHint: hint } : {}), ...scopeOf(interaction) }));
        return;
      }
      case 'consent': {
        const d = interaction.prompt.details;
        send(res, 200, consentPage({ uid, clientId, scopes: d.missingOIDCScope ?? [], claims: d.missingOIDCClaims ?? [], form }));
        return;
      }
      default:
        throw new UserError(`unsupported prompt ${interaction.prompt.name}`);
    }
  }

  async function login(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const body = await readForm(req);
    const interaction = await details(req, res, uid);
    if (interaction.prompt.name !== 'login') throw new UserError('no sign-in is pending for this request');
    if (body.get(fields.user) !== credentials.username || body.get(fields.password) !== credentials.password) {
      send(res, 200, loginPage({ uid, clientId: interaction.params.client_id, failed: true, form, loginHint: body.get(fields.user) ?? '', ...scopeOf(interaction) }));
      return;
    }
    const accountId = credentials.username;
    if (form !== 'default') {
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    // One step: signing in on the default page also grants the scope the request asked for. Claims asked for one by
    // one (the claims parameter) still need the consent page, so the harness's consent handling stays exercised.
    const grant = new provider.Grant({ accountId, clientId: interaction.params.client_id });
    if (typeof interaction.params.scope === 'string') grant.addOIDCScope(interaction.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  async function confirm(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    await readForm(req);
    const interaction = await details(req, res, uid);
    if (interaction.prompt.name !== 'consent') throw new UserError('no consent is pending for this request');
    const accountId = interaction.session?.accountId;
    if (!accountId) throw new UserError('no signed-in user for this request');
    const grant =
      (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId: interaction.params.client_id });
    const d = interaction.prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function abort(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    await details(req, res, uid);
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    );
  }

  function scopeOf(interaction: Interaction): { scope?: string } {
    return typeof interaction.params.scope === 'string' ? { scope: interaction.params.scope } : {};
  }

  return async function handleInteraction(req, res, url) {
    const match = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(url.pathname);
    if (!match) return false;
    const uid = decodeURIComponent(match[1]!);
    const action = match[2];
    const method = req.method ?? 'GET';
    try {
      if (!action && method === 'GET') await showPrompt(req, res, uid);
      else if (action === 'login' && method === 'POST') await login(req, res, uid);
      else if (action === 'confirm' && method === 'POST') await confirm(req, res, uid);
      else if (action === 'abort' && method === 'GET') await abort(req, res, uid);
      else send(res, 405, errorPage({ error: 'invalid_request', error_description: `${method} is not supported here` }, errorForm));
    } catch (e) {
      if (e instanceof UserError || isSessionNotFound(e)) {
        const description = (e as { error_description?: string }).error_description ?? (e as Error).message;
        send(res, 400, errorPage({ error: 'invalid_request', error_description: description }, errorForm));
        return true;
      }
      throw e;
    }
    return true;
  };
}
